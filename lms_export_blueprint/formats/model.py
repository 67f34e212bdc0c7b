"""The normalised content every format consumes: question sets and pages as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """What every question has; ``type`` names the kind (docs/formats.md)."""

    type: ClassVar[str]
    text: str
    points: float = 1.0
    feedback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON shape: ``type`` first, empty optional fields left out."""
        shaped: dict[str, Any] = {"type": self.type}
        for name in field_names(type(self)):  # type: ignore[arg-type]  # classes hash fine
            value = getattr(self, name)
            if value is not None and value != ():
                shaped[name] = value if type(value) is str else _plain(value)
        return shaped


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleChoice(Question):
    type: ClassVar[str] = "multiple_choice"
    options: tuple[str, ...]
    answer: int
    #: Feedback per option, parallel to ``options``; empty when no option has any.
    option_feedback: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleAnswer(Question):
    type: ClassVar[str] = "multiple_answer"
    options: tuple[str, ...]
    answers: tuple[int, ...]
    option_feedback: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalse(Question):
    type: ClassVar[str] = "true_false"
    answer: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortAnswer(Question):
    type: ClassVar[str] = "short_answer"
    answers: tuple[str, ...]
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Numerical(Question):
    type: ClassVar[str] = "numerical"
    answer: float
    tolerance: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Essay(Question):
    type: ClassVar[str] = "essay"


@dataclass(frozen=True, slots=True)
class Pair:
    prompt: str
    match: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Matching(Question):
    type: ClassVar[str] = "matching"
    pairs: tuple[Pair, ...]
    #: Extra wrong choices offered beside the pairs' matches.
    distractors: tuple[str, ...] = ()


#: ``QuizSettings.allowed_attempts`` for "as many as the student likes".
UNLIMITED_ATTEMPTS = -1


@dataclass(frozen=True, slots=True, kw_only=True)
class QuizSettings:
    """How a quiz is taken; every field optional, None where the asset says nothing."""

    time_limit_minutes: int | None = None
    #: 1 or more, or :data:`UNLIMITED_ATTEMPTS`.
    allowed_attempts: int | None = None
    shuffle_answers: bool | None = None
    #: Always timezone-aware.
    due_at: datetime | None = None
    show_correct_answers: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """The settings given, as the asset would write them (``due_at`` in ISO 8601)."""
        shaped: dict[str, Any] = {}
        for name in field_names(QuizSettings):
            value = getattr(self, name)
            if value is not None:
                shaped[name] = value.isoformat() if isinstance(value, datetime) else value
        return shaped

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in field_names(QuizSettings))


@dataclass(frozen=True, slots=True)
class QuestionSet:
    title: str
    instructions: str | None
    questions: tuple[Question, ...]
    settings: QuizSettings = QuizSettings()

    @property
    def points(self) -> float:
        return sum(question.points for question in self.questions)

    def to_dict(self) -> dict[str, Any]:
        shaped: dict[str, Any] = {"title": self.title}
        if self.instructions is not None:
            shaped["instructions"] = self.instructions
        shaped["questions"] = [question.to_dict() for question in self.questions]
        if self.settings:
            shaped["settings"] = self.settings.to_dict()
        return shaped


@dataclass(frozen=True, slots=True)
class Page:
    """A page-like asset; ``body`` is the text as written (plain text, Markdown or HTML).

    ``format`` is the one the host stated (``"markdown"``, ``"html"``, ``"text"``); None lets
    the body's own shape decide (formats/html.py ``page_is_html``)."""

    title: str
    body: str
    format: str | None = None


def number(value: float) -> int | float:
    """``value`` as an int when it is whole, so JSON and XML say ``1`` rather than ``1.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def decimal(value: float) -> str:
    """``value`` as a plain decimal, never in exponent form: ``1e-07`` is ``0.0000001`` and
    ``6.02214076e+23`` is ``602214076000000000000000``, which every importer reads as a number
    and a student can type."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@cache
def field_names(model_class: type) -> tuple[str, ...]:
    """The fields of a model class, in order: read once per class."""
    return tuple(field.name for field in fields(model_class))


def _plain(value: Any) -> Any:
    # By exact type, text first: text is most of what a question holds, and a bool (an int)
    # or an int must pass as itself.
    kind = type(value)
    if kind is str:
        return value
    if kind is tuple:
        return [item if type(item) is str else _plain(item) for item in value]
    if kind is float:
        return number(value)
    if kind is Pair:
        return {"prompt": value.prompt, "match": value.match}
    return value
