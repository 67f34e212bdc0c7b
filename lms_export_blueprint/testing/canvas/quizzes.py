"""Classic quizzes and their questions (quizzes/quizzes_api_controller.rb,
quizzes/quiz_questions_controller.rb)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from .api import Request, Route, error, invalid, not_found, paginate, reply
from .courses import managed_course
from .modules import group_of
from .params import indexed_list, to_boolean
from .questions import build_question
from .sanitize import sanitize

if TYPE_CHECKING:
    from .double import CanvasDouble

#: Stored and returned as sent (lib/api/v1/quiz.rb API_ALLOWED_QUIZ_INPUT_FIELDS).
_QUIZ_FIELDS = ("title", "description", "quiz_type", "time_limit", "shuffle_answers",
                "allowed_attempts", "due_at", "show_correct_answers")


#: A quiz's title: quiz.rb `validates :title, length: { maximum: maximum_string_length }` (255).
TITLE_LENGTH = 255

_INTERNAL = frozenset({"questions", "course_id", "quiz_data"})


def _quiz_json(quiz: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in quiz.items() if key not in _INTERNAL}


def _publish(quiz: dict[str, Any], published: bool) -> None:
    """quiz.rb#publish!: students take ``quiz_data``, a copy of the questions made when the
    quiz is published; questions added later wait for the next publish."""
    quiz["published"] = published
    if published:
        quiz["quiz_data"] = copy.deepcopy(quiz["questions"])


def _recount(quiz: dict[str, Any]) -> None:
    """quiz.rb: points_possible is the sum of the questions' points, whatever was sent."""
    quiz["points_possible"] = sum(q["points_possible"] for q in quiz["questions"])
    quiz["question_count"] = len(quiz["questions"])
    for position, question in enumerate(quiz["questions"], 1):
        question["position"] = position  # creation order wins; a sent position is ignored


def _reorder(canvas: CanvasDouble, request: Request, course_id: str,
             quiz_id: str) -> LMSResponse:
    """POST .../quizzes/:id/reorder (quizzes_api_controller.rb#reorder, QuizSortables):
    ``order[][id]`` with ``order[][type]`` "question" take positions 1, 2, ... in the order
    given; an entry naming no question of this quiz is skipped; the questions not named keep
    their places after them (QuizQuestion.update_all_positions! renumbers only those named).
    204 No Content."""
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    by_id = {question["id"]: question for question in quiz["questions"]}
    named: list[dict[str, Any]] = []
    for entry in indexed_list(request.params.get("order")):
        if not isinstance(entry, dict) or str(entry.get("type") or "question") != "question":
            continue
        question = by_id.get(_to_int(entry.get("id")))
        if question is not None and question not in named:
            named.append(question)
    quiz["questions"] = named + [q for q in quiz["questions"] if q not in named]
    _recount(quiz)
    return LMSResponse(204)


def _to_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _quiz_fields(request: Request) -> dict[str, Any]:
    fields = request.params.get("quiz")
    return fields if isinstance(fields, dict) else {}


def _quiz_in(canvas: CanvasDouble, request: Request, course_id: str,
             quiz_id: str) -> dict[str, Any] | LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    quiz = canvas.quizzes.get(int(quiz_id))
    if quiz is None or quiz["course_id"] != course["id"]:
        return not_found()
    return quiz


def _list(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    found = [_quiz_json(q) for q in canvas.quizzes.values() if q["course_id"] == course["id"]]
    return paginate(request, found, with_last=canvas.pagination_last)


def _create(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """POST /courses/:id/quizzes: unpublished unless ``quiz[published]``."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    fields = _quiz_fields(request)
    if len(str(fields.get("title") or "")) > TITLE_LENGTH:
        return invalid("title", "is too long (maximum is 255 characters)")
    quiz_id = canvas.next_id()
    quiz: dict[str, Any] = {"id": quiz_id, "course_id": course["id"],
                            "title": fields.get("title") or "Unnamed Quiz",
                            "description": sanitize(fields.get("description") or ""),
                            "quiz_type": fields.get("quiz_type") or "assignment",
                            "published": False, "quiz_data": [],
                            "html_url": f"{request.base_url}/courses/{course['id']}"
                                        f"/quizzes/{quiz_id}",
                            "questions": []}
    for key in _QUIZ_FIELDS[3:]:
        quiz[key] = fields.get(key)
    quiz["assignment_group_id"] = group_of(canvas, course["id"], fields.get("assignment_group_id"))
    _publish(quiz, to_boolean(fields.get("published", False)))
    _recount(quiz)
    canvas.quizzes[quiz_id] = quiz
    return reply(200, _quiz_json(quiz))


def _show(canvas: CanvasDouble, request: Request, course_id: str, quiz_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    return quiz if isinstance(quiz, LMSResponse) else reply(200, _quiz_json(quiz))


def _update(canvas: CanvasDouble, request: Request, course_id: str,
            quiz_id: str) -> LMSResponse:
    """PUT .../quizzes/:id; ``quiz[published]`` publishes (quiz_data is built then)."""
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    fields = _quiz_fields(request)
    for key in _QUIZ_FIELDS:
        if key in fields:  # quiz.rb sanitizes the description as rich content
            quiz[key] = sanitize(fields[key]) if key == "description" else fields[key]
    if "published" in fields:
        _publish(quiz, to_boolean(fields["published"]))
    _recount(quiz)
    return reply(200, _quiz_json(quiz))


def _delete(canvas: CanvasDouble, request: Request, course_id: str,
            quiz_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    del canvas.quizzes[quiz["id"]]
    return reply(200, _quiz_json(quiz))


def _list_questions(canvas: CanvasDouble, request: Request, course_id: str,
                    quiz_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    return paginate(request, quiz["questions"], with_last=canvas.pagination_last)


def _create_question(canvas: CanvasDouble, request: Request, course_id: str,
                     quiz_id: str) -> LMSResponse:
    """POST .../questions: ``question[...]`` parsed by the type's answer parser."""
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    fields = request.params.get("question")
    fields = fields if isinstance(fields, dict) else {}
    too_long = _too_long(fields)
    if too_long:
        return error(500, too_long)
    question = build_question(fields, canvas.rng)
    question = {"id": canvas.next_id(), "quiz_id": quiz["id"], "position": None, **question}
    quiz["questions"].append(question)
    _recount(quiz)
    return reply(200, question)


def _too_long(fields: dict[str, Any]) -> str | None:
    """raw_fields.rb#fetch_with_enforced_length: question_text at 16 KB, comments at 5 KB;
    FieldTooLongError, which guard_against_big_fields re-raises for an API client (a 500)."""
    limits = [("question_text", fields.get("question_text"), 16 * 1024)]
    limits += [(key, value, 5 * 1024) for key, value in fields.items()
               if key.endswith(("comments", "comments_html"))]
    for key, value, limit in limits:
        if isinstance(value, str) and len(value) > limit:
            return f"{key.replace('_', ' ')} is too long, max length is {limit} characters"
    return None


def _question_in(quiz: dict[str, Any], question_id: str) -> dict[str, Any] | None:
    return next((q for q in quiz["questions"] if q["id"] == int(question_id)), None)


def _show_question(canvas: CanvasDouble, request: Request, course_id: str, quiz_id: str,
                   question_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    question = _question_in(quiz, question_id)
    return not_found() if question is None else reply(200, question)


def _update_question(canvas: CanvasDouble, request: Request, course_id: str, quiz_id: str,
                     question_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    question = _question_in(quiz, question_id)
    if question is None:
        return not_found()
    fields = request.params.get("question")
    fields = {**question, **(fields if isinstance(fields, dict) else {})}
    question.update(build_question(fields, canvas.rng))
    _recount(quiz)
    return reply(200, question)


def _delete_question(canvas: CanvasDouble, request: Request, course_id: str, quiz_id: str,
                     question_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, quiz_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    question = _question_in(quiz, question_id)
    if question is None:
        return not_found()
    quiz["questions"].remove(question)
    _recount(quiz)
    return LMSResponse(204)


_QUIZ = r"/api/v1/courses/(\d+)/quizzes/(\d+)"
ROUTES: list[Route] = [
    ("GET", r"/api/v1/courses/(\d+)/quizzes", _list),
    ("POST", r"/api/v1/courses/(\d+)/quizzes", _create),
    ("GET", _QUIZ, _show),
    ("PUT", _QUIZ, _update),
    ("DELETE", _QUIZ, _delete),
    ("POST", _QUIZ + "/reorder", _reorder),
    ("GET", _QUIZ + "/questions", _list_questions),
    ("POST", _QUIZ + "/questions", _create_question),
    ("GET", _QUIZ + r"/questions/(\d+)", _show_question),
    ("PUT", _QUIZ + r"/questions/(\d+)", _update_question),
    ("DELETE", _QUIZ + r"/questions/(\d+)", _delete_question),
]
