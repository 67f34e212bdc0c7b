"""canvas: a quiz and questions as Canvas' Classic Quizzes REST API takes them; wiki pages.

Field names follow the Quiz Questions API (canvas-lms app/controllers/quizzes/
quiz_questions_controller.rb) and what its answer parsers read
(app/models/quizzes/quiz_question/answer_parsers/*.rb), e.g. ``answer_exact`` and
``answer_error_margin`` for a numerical answer. Canvas sanitizes its ``*_html`` fields and
``question_text`` as HTML (question_data.rb, ``fields.sanitize``) and shows the others as plain
text, so HTML goes only where HTML is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import model
from .content import load_content, question_name
from .html import looks_like_html, page_html, plain_text, text_html

RIGHT, WRONG = 100, 0


def format_canvas(asset: Mapping[str, Any], *, publish: bool = True,
                  content: model.QuestionSet | model.Page | None = None) -> dict[str, Any]:
    """A page as ``{"wiki_page"}``; a question set as ``{"quiz", "questions", "publish"}``.

    ``publish`` is the push's choice. A page carries it as ``wiki_page[published]`` (a new
    Canvas page is otherwise unpublished). A quiz is created unpublished and published only
    once its questions exist, because Canvas builds the quiz that students see (``quiz_data``)
    when it is published: ``publish`` holds the body of that last update, or None.
    ``content`` is the asset's, already parsed (a push parses each asset once).
    """
    content = load_content(asset) if content is None else content
    if isinstance(content, model.Page):
        body = page_html(content.body, content.format, mathml=True)  # Canvas keeps MathML
        return {"wiki_page": {"title": content.title, "body": body,
                              "published": publish}}
    return {"quiz": quiz(content), "questions": [
        _question_payload(question, position)
        for position, question in enumerate(content.questions, start=1)
    ], "publish": {"quiz": {"published": True}} if publish else None}


def quiz(question_set: model.QuestionSet) -> dict[str, Any]:
    """The quiz object, with the quiz settings given, under the names of Canvas's Quizzes API
    (quizzes_api_controller.rb#create, lib/api/v1/quiz.rb API_ALLOWED_QUIZ_INPUT_FIELDS:
    ``time_limit`` in minutes, ``allowed_attempts`` -1 for unlimited, ``due_at`` ISO 8601).
    The Canvas provider sends this object as the quiz's create: no request of their own."""
    settings = question_set.settings
    given = {"time_limit": settings.time_limit_minutes,
             "allowed_attempts": settings.allowed_attempts,
             "shuffle_answers": settings.shuffle_answers,
             "due_at": settings.due_at.isoformat() if settings.due_at else None,
             "show_correct_answers": settings.show_correct_answers}
    return {
        "title": question_set.title,
        "description": text_html(question_set.instructions or "", mathml=True),
        "quiz_type": "assignment",
        "points_possible": model.number(question_set.points),
        "published": False,
        **{name: value for name, value in given.items() if value is not None},
    }


def _question_payload(question: model.Question, position: int) -> dict[str, Any]:
    """One ``question`` object for POST /courses/:id/quizzes/:quiz_id/questions."""
    question_type, answers = _WRITERS[type(question)]
    return {
        "question_name": question_name(f"Q{position}", question.text),
        "question_text": text_html(question.text, mathml=True),
        "question_type": question_type,
        "position": position,
        "points_possible": model.number(question.points),
        # The *_html field: plain neutral_comments is shown escaped, tags and all; the results
        # view prefers the _html field when it is set.
        "neutral_comments_html": text_html(question.feedback or "", mathml=True),
        "answers": answers(question),
        **_extra_fields(question),
    }


def _extra_fields(question: model.Question) -> dict[str, Any]:
    if isinstance(question, model.Matching):
        # answer_parsers/matching.rb splits this on newlines, one distractor per line, and keeps
        # the first 256 characters of each; a newline inside one distractor becomes a space.
        return {"matching_answer_incorrect_matches": "\n".join(
            " ".join(plain_text(distractor).split("\n")) for distractor in question.distractors)}
    return {}


def _option(text: str, right: bool, feedback: str | None) -> dict[str, Any]:
    answer: dict[str, Any] = {"answer_text": plain_text(text),
                              "answer_weight": RIGHT if right else WRONG}
    if looks_like_html(text):
        answer["answer_html"] = text_html(text, mathml=True)
    if feedback:
        answer["answer_comment_html"] = text_html(feedback, mathml=True)
    return answer


def _choices(question: model.MultipleChoice | model.MultipleAnswer,
             right: Callable[[int], bool]) -> list[dict[str, Any]]:
    feedback = question.option_feedback or (None,) * len(question.options)
    return [_option(text, right(index), note)
            for index, (text, note) in enumerate(zip(question.options, feedback, strict=True))]


def _multiple_choice(question: model.MultipleChoice) -> list[dict[str, Any]]:
    return _choices(question, lambda index: index == question.answer)


def _multiple_answer(question: model.MultipleAnswer) -> list[dict[str, Any]]:
    return _choices(question, lambda index: index in question.answers)


def _true_false(question: model.TrueFalse) -> list[dict[str, Any]]:
    return [{"answer_text": "True", "answer_weight": RIGHT if question.answer else WRONG},
            {"answer_text": "False", "answer_weight": WRONG if question.answer else RIGHT}]


def _short_answer(question: model.ShortAnswer) -> list[dict[str, Any]]:
    # Canvas compares short answers ignoring case; case_sensitive cannot be carried over.
    return [{"answer_text": accepted, "answer_weight": RIGHT} for accepted in question.answers]


def _numerical(question: model.Numerical) -> list[dict[str, Any]]:
    return [{"numerical_answer_type": "exact_answer",
             "answer_exact": model.number(question.answer),
             "answer_error_margin": model.number(question.tolerance),
             "answer_weight": RIGHT}]


def _essay(question: model.Essay) -> list[dict[str, Any]]:
    return []


def _matching(question: model.Matching) -> list[dict[str, Any]]:
    return [_pair(pair) for pair in question.pairs]


def _pair(pair: model.Pair) -> dict[str, Any]:
    """``answer_match_left`` is plain text; an HTML prompt also goes in
    ``answer_match_left_html``, which Canvas sanitizes and shows instead."""
    answer = {"answer_match_left": plain_text(pair.prompt),
              "answer_match_right": plain_text(pair.match), "answer_weight": RIGHT}
    if looks_like_html(pair.prompt):
        answer["answer_match_left_html"] = text_html(pair.prompt, mathml=True)
    return answer


_WRITERS: dict[type[model.Question], tuple[str, Callable[[Any], list[dict[str, Any]]]]] = {
    model.MultipleChoice: ("multiple_choice_question", _multiple_choice),
    model.MultipleAnswer: ("multiple_answers_question", _multiple_answer),
    model.TrueFalse: ("true_false_question", _true_false),
    model.ShortAnswer: ("short_answer_question", _short_answer),
    model.Numerical: ("numerical_question", _numerical),
    model.Essay: ("essay_question", _essay),
    model.Matching: ("matching_question", _matching),
}

#: The question classes this format writes (the Canvas provider refuses any other).
QUESTION_TYPES = frozenset(_WRITERS)
