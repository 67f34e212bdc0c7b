"""gift: Moodle's GIFT text, as question/format/gift/format.php reads it.

One question per line, blank lines between (the reader splits on them), a ``$CATEGORY:``
line per question set (the category path the moodle_xml package writes). Every HTML field says
its format (``[html]``), with GIFT's reserved ``~ = # { } :`` and
the backslash escaped (``repchar`` in format.php) and line breaks written ``\\n``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import InvalidAssetData
from ..formats import model
from ..formats.content import question_name
from ..formats.files import note_files
from ..formats.html import plain_text, text_html
from ..formats.losses import note_losses, note_settings
from ..formats.moodle import category_path
from ..formats.moodle_grades import MAX_SHARES, penalties, percent, shares
from ..warnings import Warnings
from .base import PAGES_DROPPED, Built, CourseContent
from .warnings import listing

POINTS_DROPPED = "points left at 1 (GIFT has no points, so set the marks in Moodle)"
CASE_DROPPED = "case-sensitive short answers became case-insensitive (GIFT cannot say so)"
_RESERVED = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{",
                           "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""})


def build_gift(course: CourseContent) -> Built:
    warnings = Warnings()
    blocks = []
    for asset_name, content in course.assets:
        if isinstance(content, model.Page):
            warnings.add(PAGES_DROPPED, asset=asset_name)
            continue
        note_losses(warnings, asset_name, content)
        note_files(warnings, asset_name, content, "GIFT")
        note_settings(warnings, asset_name, content.settings, (), "GIFT")
        path, changed = category_path(content.title)
        if changed:
            warnings.add(f"Moodle category {changed}", asset=asset_name)
        # The reader unescapes "\\" in a $CATEGORY line and nothing else (escapedchar_pre,
        # with no escapedchar_post): the path is the moodle_xml package's, backslashes doubled.
        blocks.append(f"$CATEGORY: {path.replace(chr(92), chr(92) * 2)}")
        width = len(str(len(content.questions)))
        for number, question in enumerate(content.questions, start=1):
            blocks.append(_question(question, f"Q{number:0{width}d}", asset_name, number - 1))
            if question.points != 1:
                warnings.add(POINTS_DROPPED, asset=asset_name, question=number)
            if isinstance(question, model.ShortAnswer) and question.case_sensitive:
                warnings.add(CASE_DROPPED, asset=asset_name, question=number)
    # Comment lines first: the full list of warnings travels with the file.
    head = [f"// {_line(course.course_name)}: GIFT for Moodle's question import"]
    head += [f"// Warning: {line}" for line in listing(warnings.messages()).splitlines()]
    return Built(("\n\n".join(["\n".join(head), *blocks]) + "\n").encode("utf-8"),
                 warnings.messages())


def escape(text: str) -> str:
    """``text`` with GIFT's reserved characters escaped, on one line."""
    return text.translate(_RESERVED)


def _html(text: str) -> str:
    """An HTML field with its format said: the reader takes a leading ``[html]``, ``[plain]``,
    ``[markdown]`` or ``[moodle]`` as the format (parse_text_with_format) and strips it, so
    a text that itself starts with one keeps it only behind an explicit marker."""
    return "[html]" + escape(text_html(text))


def _line(text: str) -> str:
    """A category or comment line: the reader takes it raw, so no line breaks in it."""
    return " ".join(text.split())


def _question(question: model.Question, label: str, asset_name: str, index: int) -> str:
    answers = "".join(_WRITERS[type(question)](question, asset_name, index))
    general = f"####{_html(question.feedback)}" if question.feedback else ""
    name = escape(question_name(label, question.text))
    return f"::{name}::{_html(question.text)}{{{answers}{general}}}"


def _option(option: str, note: str | None) -> str:
    return _html(option) + (f"#{_html(note)}" if note else "")


def _multiple_choice(question: model.MultipleChoice, *_: Any) -> Iterator[str]:
    notes = question.option_feedback or (None,) * len(question.options)
    for index, (option, note) in enumerate(zip(question.options, notes, strict=True)):
        # An explicit %0% keeps an option that starts with "%50%" from reading as a weight.
        yield f"{'=' if index == question.answer else '~%0%'}{_option(option, note)} "


def _multiple_answer(question: model.MultipleAnswer, asset_name: str,
                     index: int) -> Iterator[str]:
    if len(question.answers) > MAX_SHARES:
        raise InvalidAssetData(asset_name, f"questions[{index}].answers",
                               f"Moodle can split a grade between at most {MAX_SHARES} right "
                               f"answers, not {len(question.answers)}")
    right = iter(shares(len(question.answers)))
    wrong_count = len(question.options) - len(question.answers)
    wrong = iter(penalties(wrong_count) if wrong_count else [])
    notes = question.option_feedback or (None,) * len(question.options)
    for position, (option, note) in enumerate(zip(question.options, notes, strict=True)):
        weight = next(right) if position in question.answers else next(wrong)
        yield f"~%{percent(weight)}%{_option(option, note)} "


def _true_false(question: model.TrueFalse, *_: Any) -> Iterator[str]:
    yield "TRUE" if question.answer else "FALSE"


def _short_answer(question: model.ShortAnswer, asset_name: str, index: int) -> Iterator[str]:
    for at, accepted in enumerate(question.answers):
        if "->" in accepted:
            # An answer section holding "=" and "->" is read as matching (readquestion's type
            # detection), the question fails, and the import stops at the first error.
            raise InvalidAssetData(asset_name, f"questions[{index}].answers[{at}]",
                                   'GIFT reads a short answer holding "->" as a matching '
                                   "question and has no escape for it: use another package")
        # "*" is Moodle's short-answer wildcard; "\*" is a literal star (escaped again here).
        written = escape(accepted.replace("*", chr(92) + "*"))
        # A leading "[plain]" would be read as a format marker: say the format first.
        yield f"=%100%{'[moodle]' if written.startswith('[') else ''}{written} "


def _numerical(question: model.Numerical, *_: Any) -> Iterator[str]:
    yield f"#{model.number(question.answer)}:{model.number(question.tolerance)}"


def _essay(_: model.Essay, *__: Any) -> Iterator[str]:
    return iter(())


def _matching(question: model.Matching, *_: Any) -> Iterator[str]:
    for pair in question.pairs:
        # The reader splits a pair at its first "->": none may be left in the prompt.
        prompt = _html(pair.prompt).replace("->", "-&gt;")
        # Moodle stores a match as plain text (qtype_match_subquestions.answertext): the text
        # a reader sees, as the Moodle XML writer and the Canvas push give it.
        yield f"={prompt} -> {escape(plain_text(pair.match))} "
    for distractor in question.distractors:
        # A pair with no prompt is how Moodle's own GIFT export writes a distractor.
        yield f"= -> {escape(plain_text(distractor))} "


_WRITERS: dict[type[model.Question], Callable[..., Iterator[str]]] = {
    model.MultipleChoice: _multiple_choice,
    model.MultipleAnswer: _multiple_answer,
    model.TrueFalse: _true_false,
    model.ShortAnswer: _short_answer,
    model.Numerical: _numerical,
    model.Essay: _essay,
    model.Matching: _matching,
}
#: The question types GIFT holds.
SUPPORTED = frozenset(_WRITERS)
