"""A plain-Python loader for question sets already in the canonical shape; None for anything else.

Why it exists: loading through the marshmallow schemas costs about 70 µs a question, 85 % of
it marshmallow's per-field machinery, so a 140-question push spent ~10 ms of its own beside a
20 ms LMS round trip. Content in exactly the canonical shape (docs/formats.md, "Question
sets": canonical keys and type names, JSON types, options as strings, answers as in-range
indexes) is built here into the same model in about 5 µs a question (BENCHMARKS.md).
Anything else — an alias, a letter answer, an unknown key, another type, an invalid value —
makes it decline, and the schemas, the one source of truth for aliases and error messages,
load the content as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import model
from .fields import clean_text

_COMMON = frozenset({"type", "text", "points", "feedback"})
_PAIR_KEYS = frozenset({"prompt", "match"})
_SET_KEYS = frozenset({"title", "instructions", "questions"})


class _Decline(Exception):
    """Raised inside the fast path for anything it is not sure about."""


def load_canonical(content: Any, default_title: str) -> model.QuestionSet | None:
    """The question set when ``content`` is canonical and valid; None means "ask the schemas"."""
    try:
        return _question_set(content, default_title)
    except _Decline:
        return None


def _question_set(content: Any, default_title: str) -> model.QuestionSet:
    if type(content) is list:
        title, instructions, questions = None, None, content
    elif type(content) is dict and "questions" in content and content.keys() <= _SET_KEYS:
        title = _optional_text(content.get("title"))
        instructions = _optional_text(content.get("instructions"))
        questions = content["questions"]
    else:
        raise _Decline
    if type(questions) is not list or not questions:
        raise _Decline
    return model.QuestionSet(title or default_title, instructions,
                             tuple([_question(question) for question in questions]))


def _question(raw: Any) -> model.Question:
    if type(raw) is not dict:
        raise _Decline
    kind = raw.get("type")
    shape = _SHAPES.get(kind) if type(kind) is str else None
    if shape is None:
        raise _Decline
    required, allowed, build = shape
    if not (required <= raw.keys() <= allowed):
        raise _Decline
    feedback = raw.get("feedback")
    return build(raw, _text(raw["text"]), _not_negative(raw.get("points", 1.0)),
                 None if feedback is None else _optional_text(feedback))


# Each builder takes the question's common fields (text, points, feedback) positionally: a
# dict of them spread as keywords cost a fifth of the fast path.

def _multiple_choice(raw: dict[str, Any], text: str, points: float,
                     feedback: str | None) -> model.Question:
    options = _texts(raw["options"], minimum=2)
    return model.MultipleChoice(text=text, points=points, feedback=feedback, options=options,
                                answer=_index(raw["answer"], len(options)))


def _multiple_answer(raw: dict[str, Any], text: str, points: float,
                     feedback: str | None) -> model.Question:
    options, refs = _texts(raw["options"], minimum=2), raw["answers"]
    if type(refs) is not list or not refs:
        raise _Decline
    answers = tuple(sorted({_index(ref, len(options)) for ref in refs}))
    return model.MultipleAnswer(text=text, points=points, feedback=feedback, options=options,
                                answers=answers)


def _true_false(raw: dict[str, Any], text: str, points: float,
                feedback: str | None) -> model.Question:
    return model.TrueFalse(text=text, points=points, feedback=feedback,
                           answer=_flag(raw["answer"]))


def _short_answer(raw: dict[str, Any], text: str, points: float,
                  feedback: str | None) -> model.Question:
    answers = tuple(dict.fromkeys(_texts(raw["answers"], minimum=1)))
    return model.ShortAnswer(text=text, points=points, feedback=feedback, answers=answers,
                             case_sensitive=_flag(raw.get("case_sensitive", False)))


def _numerical(raw: dict[str, Any], text: str, points: float,
               feedback: str | None) -> model.Question:
    return model.Numerical(text=text, points=points, feedback=feedback,
                           answer=_finite(raw["answer"]),
                           tolerance=_not_negative(raw.get("tolerance", 0.0)))


def _essay(raw: dict[str, Any], text: str, points: float,
           feedback: str | None) -> model.Question:
    return model.Essay(text=text, points=points, feedback=feedback)


def _matching(raw: dict[str, Any], text: str, points: float,
              feedback: str | None) -> model.Question:
    pairs = raw["pairs"]
    if type(pairs) is not list or len(pairs) < 2:
        raise _Decline
    distractors = _texts(raw["distractors"], minimum=0) if "distractors" in raw else ()
    return model.Matching(text=text, points=points, feedback=feedback,
                          pairs=tuple([_pair(pair) for pair in pairs]), distractors=distractors)


def _pair(raw: Any) -> model.Pair:
    if type(raw) is not dict or raw.keys() != _PAIR_KEYS:
        raise _Decline
    return model.Pair(_text(raw["prompt"]), _text(raw["match"]))


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _Decline
    # clean_text's common case inline: printable text only needs trimming.
    text = value.strip() if value.isprintable() else clean_text(value)
    if not text:
        raise _Decline
    return text


def _optional_text(value: Any) -> str | None:
    """Missing, null and blank all load as None, as ``Text(optional=True)`` does."""
    if value is None:
        return None
    if type(value) is not str:
        raise _Decline
    return clean_text(value) or None


def _texts(values: Any, minimum: int) -> tuple[str, ...]:
    if type(values) is not list or len(values) < minimum:
        raise _Decline
    return tuple([_text(value) for value in values])


def _index(ref: Any, count: int) -> int:
    if type(ref) is not int or not 0 <= ref < count:
        raise _Decline
    return ref


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise _Decline
    return value


def _finite(value: Any) -> float:
    if type(value) is float and math.isfinite(value):
        return value
    # An int too large for a float is the schemas' to refuse ("must be a finite number").
    if type(value) is int and abs(value) <= _LARGEST_INT:
        return float(value)
    raise _Decline


def _not_negative(value: Any) -> float:
    number = _finite(value)
    if number < 0:
        raise _Decline
    return number


_LARGEST_INT = 2**1023  # every int up to here converts to a finite float

_Build = Callable[[dict[str, Any], str, float, "str | None"], model.Question]
#: Per canonical type: the keys it must have, the keys it may have, and its builder.
_SHAPES: dict[str, tuple[frozenset[str], frozenset[str], _Build]] = {
    kind: (frozenset({"type", "text", *required}), _COMMON | {*required, *optional}, build)
    for kind, required, optional, build in (
        ("multiple_choice", ("options", "answer"), (), _multiple_choice),
        ("multiple_answer", ("options", "answers"), (), _multiple_answer),
        ("true_false", ("answer",), (), _true_false),
        ("short_answer", ("answers",), ("case_sensitive",), _short_answer),
        ("numerical", ("answer",), ("tolerance",), _numerical),
        ("essay", (), (), _essay),
        ("matching", ("pairs",), ("distractors",), _matching),
    )
}
