"""The loader for question sets and pages already in the canonical shape; None for anything else.

Why it exists: loading through the marshmallow schemas costs about 70 µs a question, 85 % of
it marshmallow's per-field machinery. Content in exactly the canonical shape (docs/formats.md,
"Question sets": canonical keys and type names, JSON types, options as strings, answers as
in-range indexes) is decoded here straight into the model: the model's classes are msgspec
Structs tagged by ``type``, so ``msgspec.convert`` checks the keys, the JSON types, the type
name and the model's constraints (numbers, counts) in C. What it cannot check follows in
Python: text to clean, text that shows nothing once sanitized (content.check_visible's
refusal), answers that name no option. The texts of a whole set are looked at together first,
in a few passes over their join, and one question at a time only when that finds a text to
clean. About 1.2 µs a question in all, against 3.1 µs for the plain-Python loader
this replaced (BENCHMARKS.md).

Anything else (an alias, a letter answer, an unknown key, another type, an invalid value)
makes it decline, and the schemas, the one source of truth for aliases and error messages,
load the content as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, Union

from msgspec import Struct, ValidationError, convert
from msgspec.structs import replace

from . import model
from .fields import clean_text
from .html import none_shows_nothing, shows_nothing
from .schemas import PAGE_FORMATS

_AnyQuestion = Union[model.MultipleChoice, model.MultipleAnswer, model.TrueFalse,  # noqa: UP007
                     model.ShortAnswer, model.Numerical, model.Essay, model.Matching]
_QUESTIONS = tuple[_AnyQuestion, ...]
T = TypeVar("T")


class _CanonicalSet(Struct, frozen=True, forbid_unknown_fields=True):
    questions: _QUESTIONS
    title: str | None = None
    instructions: str | None = None


class _CanonicalPage(Struct, frozen=True, forbid_unknown_fields=True):
    body: str
    title: str | None = None
    format: str | None = None


class _Decline(Exception):
    """Raised inside the fast path for anything it is not sure about."""


def converted(value: Any, kind: type[T]) -> T | None:
    """``value`` as ``kind`` when msgspec's strict conversion takes it; None for anything it
    refuses. That includes a key or tag holding a lone surrogate, which msgspec reads as UTF-8
    and answers with UnicodeEncodeError rather than ValidationError."""
    try:
        return convert(value, kind, strict=True)
    except (ValidationError, UnicodeEncodeError):
        return None


def load_canonical(content: Any, default_title: str) -> model.QuestionSet | None:
    """The question set when ``content`` is canonical and valid; None means "ask the schemas"."""
    if type(content) is list:
        decoded = converted(content, _QUESTIONS)
        loaded = None if decoded is None else _CanonicalSet(decoded)
    elif type(content) is dict:
        loaded = converted(content, _CanonicalSet)
    else:
        return None
    if loaded is None or not loaded.questions:
        return None
    try:
        questions = _checked_set(loaded.questions)
    except _Decline:
        return None
    return model.QuestionSet(_optional_text(loaded.title) or default_title,
                             _optional_text(loaded.instructions), questions)


def load_canonical_page(content: Any, default_title: str) -> model.Page | None:
    """The page when ``content`` is a canonical ``{title, body, format}``; None: "ask the
    schemas". The body is as written (the caller cleans it, whichever loaded it)."""
    page = converted(content, _CanonicalPage) if type(content) is dict else None
    if page is None:
        return None
    if page.format is not None and page.format not in PAGE_FORMATS:
        return None
    return model.Page(_optional_text(page.title) or default_title, page.body, page.format)


def _checked_set(questions: tuple[model.Question, ...]) -> tuple[model.Question, ...]:
    """Every question ``_checked``; the texts of all of them are looked at together first,
    which for a set that needs no cleaning takes a quarter less time than one question at
    a time (BENCHMARKS.md)."""
    if not _all_clean_and_shown_together(questions):
        return tuple([_checked(question) for question in questions])
    return tuple([_answers_checked(question) for question in questions])


def _all_clean_and_shown_together(questions: tuple[model.Question, ...]) -> bool:
    """``_all_clean_and_shown`` for every question at once, the same rule read over the
    joined texts: False means "look at each question" (a text to clean); raises _Decline for
    a text that shows nothing. (The per-question twin stays for sets that need cleaning:
    there it takes 478 µs for the bench's 7 sets with every other text to clean, against
    551-566 µs with this called on each question.)"""
    texts = _texts(questions)
    # The joined texts are printable when each is; a printable text's only whitespace is the
    # space, which is all strip() can take off it.
    if not (_printable("".join(texts)) and all(texts)
            and list(map(str.strip, texts)) == texts):
        return False
    if not none_shows_nothing(texts) and any(shows_nothing(text) for text in texts):
        raise _Decline
    return True


def _checked(question: model.Question) -> model.Question:
    """``question`` once its texts are clean and its answers name its options, as the schemas
    load it. (msgspec has checked the rest: the model's ``Meta`` constraints.)"""
    if not _all_clean_and_shown(question):
        question = _cleaned(question)
        if any(shows_nothing(text) for text in _texts((question,))):
            raise _Decline
    return _answers_checked(question)


def _answers_checked(question: model.Question) -> model.Question:
    """``question`` as the schemas would load its answers (the checks of ``_CHECKS``)."""
    check = _CHECKS.get(type(question))
    return question if check is None else check(question)


def _multiple_choice(question: model.MultipleChoice) -> model.Question:
    if question.answer >= len(question.options) or question.option_feedback:
        raise _Decline  # per-option feedback is read from option objects, by the schemas
    return question


def _multiple_answer(question: model.MultipleAnswer) -> model.Question:
    count, answers = len(question.options), question.answers
    if question.option_feedback or not all(0 <= answer < count for answer in answers):
        raise _Decline
    ordered = tuple(sorted(set(answers)))
    return question if ordered == answers else replace(question, answers=ordered)


def _short_answer(question: model.ShortAnswer) -> model.Question:
    unique = tuple(dict.fromkeys(question.answers))
    return question if len(unique) == len(question.answers) else replace(question,
                                                                         answers=unique)


#: The checks msgspec cannot make, per question class that needs any; each returns the
#: question as the schemas would load it.
_CHECKS: dict[type, Callable[[Any], model.Question]] = {
    model.MultipleChoice: _multiple_choice, model.MultipleAnswer: _multiple_answer,
    model.ShortAnswer: _short_answer,
}

#: Per question class: its fields that are lists of texts, for cleaning.
_TEXT_LISTS: dict[type, tuple[str, ...]] = {
    model.MultipleChoice: ("options",), model.MultipleAnswer: ("options",),
    model.ShortAnswer: ("answers",), model.Matching: ("distractors",),
}
#: Unprintable ASCII: the controls and DEL.
_ASCII_UNPRINTABLE = bytes(range(0x20)) + b"\x7f"


def _all_clean_and_shown(question: model.Question) -> bool:
    """Whether every text of ``question`` is already what clean_text makes it, and not empty;
    raises _Decline for one that shows nothing once sanitized (the schemas' path names it)."""
    for text in _texts((question,)):
        # Printable text holds no whitespace but the space, so its ends need only that test.
        if not (text.isprintable() and text != "" and text[0] != " " and text[-1] != " "):
            return False
        if shows_nothing(text):
            raise _Decline
    return True


def _texts(questions: tuple[model.Question, ...]) -> list[str]:
    """Every text of ``questions``: each one's text, feedback, lists of texts and pairs. (One
    list for a whole set, with its methods bound once: 25 µs for the bench's 7 sets, against
    43-45 µs for a list per question.)"""
    texts: list[str] = []
    add, extend, text_lists = texts.append, texts.extend, _TEXT_LISTS
    for question in questions:
        add(question.text)
        if question.feedback is not None:
            add(question.feedback)
        kind = type(question)
        for name in text_lists.get(kind, ()):
            extend(getattr(question, name))
        if kind is model.Matching:
            for pair in question.pairs:  # type: ignore[attr-defined]
                add(pair.prompt)
                add(pair.match)
    return texts


def _printable(text: str) -> bool:
    """``text.isprintable()``; for ASCII text (``isascii`` reads a flag) a byte table does it,
    in a third of the time: 10 µs for the joined texts of the bench's 7 sets, against 30."""
    if not text.isascii():
        return text.isprintable()
    data = text.encode("ascii")
    return len(data.translate(None, _ASCII_UNPRINTABLE)) == len(data)


def _cleaned(question: model.Question) -> model.Question:
    """``question`` with every text cleaned; raises _Decline where one cleans to nothing."""
    changes: dict[str, Any] = {"text": _text(question.text),
                               "feedback": _optional_text(question.feedback)}
    for name in _TEXT_LISTS.get(type(question), ()):
        changes[name] = tuple([_text(text) for text in getattr(question, name)])
    if type(question) is model.Matching:
        changes["pairs"] = tuple([model.Pair(_text(pair.prompt), _text(pair.match))
                                  for pair in question.pairs])
    return replace(question, **changes)


def _text(value: str) -> str:
    text = clean_text(value)
    if not text:
        raise _Decline
    return text


def _optional_text(value: str | None) -> str | None:
    """Missing, null and blank all load as None, as ``Text(optional=True)`` does."""
    return None if value is None else clean_text(value) or None
