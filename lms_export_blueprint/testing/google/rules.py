"""The documented rules a discovery schema cannot say, each with the Google page behind it.

Where the page is Google's API reference, the same sentence is the field's ``description`` in
the discovery document (``classroom.v1``, ``forms.v1``, ``drive.v3``).
"""

from __future__ import annotations

from typing import Any

from .api import invalid

CLASSROOM_REF = "https://developers.google.com/workspace/classroom/reference/rest/v1"
FORMS_REF = "https://developers.google.com/workspace/forms/api/reference/rest/v1/forms"
#: https://developers.google.com/workspace/forms/api/guides/setup-grading
GRADING_GUIDE = "https://developers.google.com/workspace/forms/api/guides/setup-grading"

#: Course.name: "between 1 and 750 characters"; description "no longer than 30,000".
COURSE_NAME_MAX, DESCRIPTION_MAX = 750, 30_000
#: CourseWork.title / CourseWorkMaterial.title: "between 1 and 3000 characters".
TITLE_MAX = 3000
#: CourseWork.materials: "no more than 20 material items".
MATERIALS_MAX = 20
#: Link.url: "between 1 and 2024 characters".
LINK_MAX = 2024
#: Topic.name: trimmed, "non-empty", "no longer than 100 characters".
TOPIC_MAX = 100
#: The kinds of Material a create may hold: "setting the form, gem, or notebook field is not
#: supported" (Material, classroom.v1).
MATERIAL_KINDS = ("driveFile", "youtubeVideo", "link")
#: Question kinds graded by an answer key (setup-grading guide: checkbox, radio, drop-down,
#: and short-answer text questions).
KEYED_KINDS = ("choiceQuestion", "textQuestion")


def text_length(value: Any, field: str, low: int, high: int) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high:
        raise invalid(f"{field} must be between {low} and {high} characters")


def course(body: dict[str, Any]) -> None:
    """Course (classroom.v1): name 1-750, description ≤ 30 000, ownerId required on create
    (courses.create)."""
    text_length(body.get("name"), "name", 1, COURSE_NAME_MAX)
    text_length(body.get("description", ""), "description", 0, DESCRIPTION_MAX)
    if not body.get("ownerId"):
        raise invalid("ownerId is required when creating a course")


def course_work(body: dict[str, Any], *, creating: bool) -> None:
    """CourseWork (classroom.v1, courses.courseWork)."""
    text_length(body.get("title"), "title", 1, TITLE_MAX)
    text_length(body.get("description", ""), "description", 0, DESCRIPTION_MAX)
    if creating and body.get("workType") in (None, "COURSE_WORK_TYPE_UNSPECIFIED"):
        raise invalid("workType is required")
    points = body.get("maxPoints")
    if points is not None and (points < 0 or float(points) != int(points)):
        raise invalid("maxPoints must be a non-negative integer value")  # CourseWork.maxPoints
    if ("dueDate" in body) != ("dueTime" in body):  # "must be specified if ... is specified"
        raise invalid("dueDate and dueTime must be set together")
    if body.get("state") not in (None, "PUBLISHED", "DRAFT"):
        raise invalid("state must be PUBLISHED or DRAFT when creating")
    materials(body.get("materials") or [])


def materials(items: list[dict[str, Any]]) -> None:
    """Materials: ≤ 20; each exactly one of the kinds a create may set."""
    if len(items) > MATERIALS_MAX:
        raise invalid(f"No more than {MATERIALS_MAX} materials may be attached")
    for material in items:
        kinds = [kind for kind, value in material.items() if value is not None]
        if len(kinds) != 1:
            raise invalid("Each material must set exactly one kind")
        if kinds[0] not in MATERIAL_KINDS:
            raise invalid(f"Setting the {kinds[0]} material is not supported: attach a link")
        if kinds[0] == "link":
            text_length(material["link"].get("url"), "materials.link.url", 1, LINK_MAX)
        if kinds[0] == "driveFile" and not (material["driveFile"].get("driveFile") or {}).get(
                "id"):
            raise invalid("materials.driveFile.driveFile.id is required")


def topic_name(value: Any) -> str:
    """Topic.name: whitespace trimmed and collapsed, then 1-100 characters."""
    name = " ".join(str(value or "").split())
    text_length(name, "name", 1, TOPIC_MAX)
    return name


def form_item(item: dict[str, Any], *, is_quiz: bool) -> None:
    """One item of a createItem: exactly one kind; its question by the Forms rules."""
    kinds = [key for key in ("questionItem", "questionGroupItem", "pageBreakItem", "textItem",
                             "imageItem", "videoItem") if item.get(key) is not None]
    if len(kinds) != 1:
        raise invalid("An item must set exactly one kind")
    if kinds[0] == "questionItem":
        question = (item["questionItem"] or {}).get("question")
        if not isinstance(question, dict):
            raise invalid("questionItem.question is required")
        form_question(question, is_quiz=is_quiz)


def form_question(question: dict[str, Any], *, is_quiz: bool) -> None:
    """Question (forms.v1): one kind; choice options; grading where allowed."""
    kinds = [key for key in ("choiceQuestion", "textQuestion", "scaleQuestion", "dateQuestion",
                             "timeQuestion", "ratingQuestion", "rowQuestion",
                             "fileUploadQuestion") if question.get(key) is not None]
    if len(kinds) != 1:
        raise invalid("A question must set exactly one kind")
    kind = kinds[0]
    if kind == "fileUploadQuestion":  # "Forms API does not support creating" file uploads
        raise invalid("File upload questions cannot be created through the API")
    if kind == "choiceQuestion":
        choice_options(question["choiceQuestion"])
    grading = question.get("grading")
    if grading is not None:
        question_grading(grading, kind, question.get(kind) or {}, is_quiz=is_quiz)


def choice_options(choice: dict[str, Any]) -> None:
    """ChoiceQuestion: ``type`` and ``options`` are "Required"; Option.value is "Required".
    Answers and the answer key name an option by its value (TextAnswer.value), so two options
    of one value cannot be told apart: refused here as the Forms editor refuses them."""
    if choice.get("type") in (None, "CHOICE_TYPE_UNSPECIFIED"):
        raise invalid("choiceQuestion.type is required")
    options = choice.get("options") or []
    if not options:
        raise invalid("choiceQuestion.options is required")
    values = [option.get("value") for option in options if not option.get("isOther")]
    if any(not isinstance(value, str) or not value.strip() for value in values):
        raise invalid("Option.value is required and must not be empty")
    if len(set(values)) != len(values):
        raise invalid("Option values must be unique within a question")


def question_grading(grading: dict[str, Any], kind: str, spec: dict[str, Any], *,
                     is_quiz: bool) -> None:
    """Grading (forms.v1) and the setup-grading guide."""
    if not is_quiz:
        raise invalid("Grading can only be set on a quiz (settings.quizSettings.isQuiz)")
    points = grading.get("pointValue")
    if points is None or points < 0:  # "Required ... This must not be negative."
        raise invalid("grading.pointValue is required and must not be negative")
    answers = (grading.get("correctAnswers") or {}).get("answers") or []
    paragraph = kind == "textQuestion" and spec.get("paragraph")
    if answers and (kind not in KEYED_KINDS or paragraph):
        raise invalid("correctAnswers can be set only on choice and short-answer questions")
    if kind == "choiceQuestion":
        options = {option.get("value") for option in spec.get("options") or []}
        if any(answer.get("value") not in options for answer in answers):
            raise invalid("Each correct answer must be one of the question's options")
    # whenRight/whenWrong: "can only be set for multiple choice questions that have correct
    # answers provided"; generalFeedback: "cannot be set for automatically graded multiple
    # choice questions".
    right_or_wrong = grading.get("whenRight") is not None or grading.get("whenWrong") is not None
    if right_or_wrong and not (kind == "choiceQuestion" and answers):
        raise invalid("whenRight and whenWrong can only be set on choice questions with "
                      "correct answers")
    if grading.get("generalFeedback") is not None and kind == "choiceQuestion" and answers:
        raise invalid("generalFeedback cannot be set on automatically graded choice questions")
    for name in ("whenRight", "whenWrong", "generalFeedback"):
        feedback = grading.get(name)
        if feedback is not None and not (feedback.get("text") or "").strip():
            raise invalid(f"grading.{name}.text is required")  # Feedback.text: "Required."
