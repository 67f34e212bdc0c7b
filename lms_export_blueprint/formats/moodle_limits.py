"""What Moodle's database and its name cleaning allow: checked before any Moodle XML is written.

A value over a column's size does not shorten one question: the database write fails and the
whole import stops. So a question set that cannot fit is refused (InvalidAssetData, a 422,
before anything is pushed), and a category name, which only labels the questions, is shortened.
"""

from __future__ import annotations

import re

from ..errors import InvalidAssetData
from . import model
from .html import plain_text
from .moodle_grades import MAX_SHARES

#: ``question_categories.name`` and ``qtype_match_subquestions.answertext`` are CHAR(255)
#: (lib/db/install.xml, question/type/match/db/install.xml), counted in characters.
NAME_LENGTH = 255
#: ``question.defaultmark`` is NUMBER(12,7) (lib/db/install.xml): five digits before the point.
POINTS_LIMIT = 100_000
#: create_category_path() (question/format.php) skips a category called "top" (``if ($catname
#: == 'top') continue;``), so questions meant for it land in whatever category the teacher picked.
RESERVED_CATEGORY = "top"

_TAG_START = re.compile(r"<(?!\s)")


def check_limits(asset_name: str, question_set: model.QuestionSet) -> None:
    """Raise InvalidAssetData naming the first value Moodle cannot store."""
    for index, question in enumerate(question_set.questions):
        where = f"questions[{index}]"
        if question.points >= POINTS_LIMIT:
            raise InvalidAssetData(
                asset_name, f"{where}.points",
                f"Moodle stores at most 99999.9999999 points (question.defaultmark), "
                f"not {model.number(question.points)}")
        if isinstance(question, model.MultipleAnswer) and len(question.answers) > MAX_SHARES:
            raise InvalidAssetData(
                asset_name, f"{where}.answers",
                f"Moodle can split a grade between at most {MAX_SHARES} right answers, "
                f"not {len(question.answers)}")
        if isinstance(question, model.Matching):
            _check_matches(asset_name, where, question)


def _check_matches(asset_name: str, where: str, question: model.Matching) -> None:
    sides = [(f"{where}.pairs[{at}].match", pair.match) for at, pair in enumerate(question.pairs)]
    sides += [(f"{where}.distractors[{at}]", text) for at, text in enumerate(question.distractors)]
    for field, text in sides:
        length = len(plain_text(text))  # what is stored: the answer as a reader sees it
        if length > NAME_LENGTH:
            raise InvalidAssetData(
                asset_name, field,
                f"Moodle keeps at most {NAME_LENGTH} characters in a matching answer "
                f"(qtype_match_subquestions.answertext), not {length}")


def moodle_name(name: str) -> str:
    """``name`` as it must be written to survive ``clean_param(PARAM_TEXT)``, which Moodle applies
    to question names (clean_question_name) and category names (split_category_path).

    PARAM_TEXT runs PHP's strip_tags, which drops everything from a ``<`` not followed by
    whitespace up to the next ``>``: ``What does <br> do?`` was saved as ``What does  do?``.
    Such a ``<`` is written as U+2039 (single left-pointing angle quotation mark), which reads
    the same.
    """
    return _TAG_START.sub("\u2039", name) if "<" in name else name


def category_name(title: str) -> tuple[str, str | None]:
    """The category name for a question set's title, and a note when it had to change.

    On one line: a GIFT ``$CATEGORY:`` line cannot hold a line break, and the Moodle XML
    package must name the same category as the GIFT one for the same title."""
    name = moodle_name(" ".join(title.split()))
    if len(name) > NAME_LENGTH:
        name = name[: NAME_LENGTH - 1].rstrip() + "…"
        return name, (f"title shortened to {NAME_LENGTH} characters, the most "
                      "question_categories.name holds")
    if name == RESERVED_CATEGORY:
        return f"{name} (questions)", ('the title "top" renamed: Moodle skips a category of '
                                       "that name and files its questions elsewhere")
    return name, None
