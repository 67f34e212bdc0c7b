"""What Canvas refuses for its size, checked before anything is sent.

Classic quiz questions: ``question_text`` over 16 KB, or any comment field over 5 KB, makes
Canvas raise ``FieldTooLongError`` (app/models/quizzes/quiz_question/raw_fields.rb
``fetch_with_enforced_length``, 16.kilobyte by default; question_data.rb and the answer parsers
pass 5.kilobyte for comments), which quiz_questions_controller.rb#guard_against_big_fields
re-raises as a 500 to an API client: a 422 naming the asset and the field instead. Titles of
quizzes and pages over 255 characters (wiki_page.rb ``TITLE_LENGTH``; a quiz's title column
validates maximum_string_length, 255) are shortened, with a warning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...errors import InvalidAssetData
from ...formats import canvas as canvas_format
from ...formats.model import QuestionSet
from .quizzes import QuizPlan
from .run import Run

#: raw_fields.rb: ``max_size`` 16.kilobyte (Ruby counts characters).
QUESTION_TEXT_MAX = 16 * 1024
#: question_data.rb, answer_parsers/*.rb: comments at 5.kilobyte.
COMMENTS_MAX = 5 * 1024
#: wiki_page.rb TITLE_LENGTH; quiz titles share Canvas's maximum string length.
TITLE_MAX = 255


def check_classic_questions(name: str, question_set: QuestionSet) -> None:
    """422 for the first question field Canvas would refuse for its size."""
    payload = canvas_format.format_canvas({}, content=question_set)
    for number, question in enumerate(payload["questions"], start=1):
        where = f"questions[{number}]"
        _within(name, f"{where}.question_text", question.get("question_text"),
                QUESTION_TEXT_MAX)
        for field, value in question.items():
            if _is_comment(field):
                _within(name, f"{where}.{field}", value, COMMENTS_MAX)
        for index, answer in enumerate(question.get("answers") or [], start=1):
            for field, value in answer.items():
                if _is_comment(field):
                    _within(name, f"{where}.answers[{index}].{field}", value, COMMENTS_MAX)


def fitted_quiz(run: Run, plan: QuizPlan, asset_name: str) -> QuizPlan:
    """``plan`` with its title cut to what Canvas holds, said in the warnings."""
    title = fitted_title(run, plan.title, asset_name)
    if title == plan.title:
        return plan
    quiz = {**plan.create_body["quiz"], "title": title}
    return replace(plan, title=title, create_body={**plan.create_body, "quiz": quiz})


def fitted_title(run: Run, title: str, asset_name: str) -> str:
    if len(title) <= TITLE_MAX:
        return title
    run.warn(f"the title is longer than Canvas's {TITLE_MAX} characters and was shortened",
             asset=asset_name)
    return title[:TITLE_MAX - 1].rstrip() + "…"


def _is_comment(field: str) -> bool:
    return field.endswith(("comments", "comments_html"))


def _within(asset_name: str, field: str, value: Any, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        raise InvalidAssetData(asset_name, field,
                               f"{len(value)} characters, over the {limit} Canvas takes")
