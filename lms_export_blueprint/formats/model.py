"""The normalised content every format consumes: question sets and pages.

The classes are frozen msgspec Structs: read them as dataclasses (attributes, keyword
construction, ``==``), copy one with changes through ``msgspec.structs.replace``. A question
class is tagged by its ``type``, which lets the canonical loader (fast_path.py) decode content
straight into them; a new question type names its ``type`` twice, as the class's ``tag`` and its
``type`` (docs/development.md, "A new question type").

They are untracked by the garbage collector (``gc=False``): holding only text, numbers and
tuples of them, none can be part of a reference cycle, and a push's hundreds of questions,
alive while it waits for its LMS, would otherwise make the collector run (BENCHMARKS.md,
"2026-12-08"). A new class keeps to such fields.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache
from sys import float_info
from typing import Annotated, Any, ClassVar, get_args, get_origin

from msgspec import Meta, Struct, defstruct, structs

from ..bodies import json_bytes

# The model's invariants, which the canonical loader has msgspec check as it decodes
# (fast_path.py); a class built directly is not checked.
#: A finite number.
Finite = Annotated[float, Meta(ge=-float_info.max, le=float_info.max)]
#: A finite number, 0 or more: points, a tolerance.
NotNegative = Annotated[float, Meta(ge=0, le=float_info.max)]
#: The options of a choice question: two or more.
Options = Annotated[tuple[str, ...], Meta(min_length=2)]


class Question(Struct, frozen=True, kw_only=True, tag_field="type", gc=False,
               forbid_unknown_fields=True):
    """What every question has; ``type`` names the kind (docs/formats.md), and is the class's
    msgspec tag too."""

    type: ClassVar[str]
    text: str
    points: NotNegative = 1.0
    feedback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON shape: ``type`` first, empty optional fields left out."""
        return _dict_writer(type(self))(self)


class MultipleChoice(Question, tag="multiple_choice", frozen=True):
    type: ClassVar[str] = "multiple_choice"
    options: Options
    answer: Annotated[int, Meta(ge=0)]
    #: Feedback per option, parallel to ``options``; empty when no option has any.
    option_feedback: tuple[str | None, ...] = ()


class MultipleAnswer(Question, tag="multiple_answer", frozen=True):
    type: ClassVar[str] = "multiple_answer"
    options: Options
    answers: Annotated[tuple[int, ...], Meta(min_length=1)]
    option_feedback: tuple[str | None, ...] = ()


class TrueFalse(Question, tag="true_false", frozen=True):
    type: ClassVar[str] = "true_false"
    answer: bool


class ShortAnswer(Question, tag="short_answer", frozen=True):
    type: ClassVar[str] = "short_answer"
    answers: Annotated[tuple[str, ...], Meta(min_length=1)]
    case_sensitive: bool = False


class Numerical(Question, tag="numerical", frozen=True):
    type: ClassVar[str] = "numerical"
    answer: Finite
    tolerance: NotNegative = 0.0


class Essay(Question, tag="essay", frozen=True):
    type: ClassVar[str] = "essay"


class Pair(Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    prompt: str
    match: str

    def to_dict(self) -> dict[str, str]:
        return {"prompt": self.prompt, "match": self.match}


class Matching(Question, tag="matching", frozen=True):
    type: ClassVar[str] = "matching"
    pairs: Annotated[tuple[Pair, ...], Meta(min_length=2)]
    #: Extra wrong choices offered beside the pairs' matches.
    distractors: tuple[str, ...] = ()


#: ``QuizSettings.allowed_attempts`` for "as many as the student likes".
UNLIMITED_ATTEMPTS = -1


class QuizSettings(Struct, frozen=True, kw_only=True, gc=False):
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


class QuestionSet(Struct, frozen=True, gc=False):
    title: str
    instructions: str | None
    questions: tuple[Question, ...]
    settings: QuizSettings = QuizSettings()

    @property
    def points(self) -> float:
        return sum(question.points for question in self.questions)

    def to_dict(self) -> dict[str, Any]:
        return self._shaped([question.to_dict() for question in self.questions])

    def to_json(self) -> bytes:
        """``json_bytes(self.to_dict())``, the same bytes, without building the questions'
        dicts: each question goes to msgspec as a Struct of its JSON shape (``_json_shape``)."""
        return json_bytes(self._shaped([_json_shape(type(question))(question)
                                        for question in self.questions]))

    def _shaped(self, questions: list[Any]) -> dict[str, Any]:
        shaped: dict[str, Any] = {"title": self.title}
        if self.instructions is not None:
            shaped["instructions"] = self.instructions
        shaped["questions"] = questions
        if self.settings:
            shaped["settings"] = self.settings.to_dict()
        return shaped


class Page(Struct, frozen=True, gc=False):
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
    # A subclass's fields after its bases', as the class reads (msgspec puts required
    # keyword-only fields first).
    fields = model_class.__struct_fields__  # type: ignore[attr-defined]
    ordered = [name for base in reversed(model_class.__mro__)
               for name in getattr(base, "__annotations__", {}) if name in fields]
    return tuple(dict.fromkeys(ordered))


@cache
def _writers(question_class: type
             ) -> tuple[tuple[str, Callable[[Any], Any] | None, bool], ...]:
    """Per field of a question class, in order: its name, how its value is written as JSON
    (None: as it is), and whether it is optional (its default None or empty, which leaves it
    out). Read once per class, from the fields' types and defaults."""
    fields = {field.name: field for field in structs.fields(question_class)}
    return tuple((name, _WRITER_OF_TYPE.get(_unconstrained(fields[name].type), _plain),
                  fields[name].default is None or fields[name].default == ())
                 for name in field_names(question_class))


@cache
def _dict_writer(question_class: type) -> Callable[[Question], dict[str, Any]]:
    """``to_dict`` of a question class, written out field by field from its ``_writers`` (the
    class's own field names, never content), as ``dataclasses`` writes a class's ``__init__``.
    The 7 sets of the bench's push: 85-88 µs, against 125-127 µs for a loop over the writers
    that reads each field by name (BENCHMARKS.md, "2026-12-08")."""
    namespace: dict[str, Any] = {}
    lines = [f"    shaped = {{'type': {question_class.type!r}}}"]  # type: ignore[attr-defined]
    for name, write, optional in _writers(question_class):
        value = f"self.{name}"
        if write is not None:
            namespace[f"write_{name}"] = write
            value = f"write_{name}({value})"
        if optional:
            lines += [f"    if self.{name} is not None and self.{name} != ():",
                      f"        shaped[{name!r}] = {value}"]
        else:
            lines.append(f"    shaped[{name!r}] = {value}")
    exec("def to_dict(self):\n" + "\n".join(lines) + "\n    return shaped\n", namespace)
    return namespace["to_dict"]  # type: ignore[no-any-return]


@cache
def _json_shape(question_class: type) -> Callable[[Question], Struct]:
    """A question of ``question_class`` as a Struct that msgspec encodes to the JSON of its
    ``to_dict``, byte for byte: the same keys in the same order, an optional field left out
    when empty (``omit_defaults``), each value through its writer but for those that only
    make builtins of tuples and pairs, which msgspec writes the same way itself. Written out
    once per class, as ``_dict_writer``. The bench push's 7 sets: 79-80 µs, against 108-109 µs
    for their dicts and encoding them (BENCHMARKS.md, "2026-12-08, evening")."""
    writers = _writers(question_class)
    shape = defstruct(f"{question_class.__name__}JSON",
                      [(name, Any, None) if optional else (name, Any)
                       for name, _, optional in writers],
                      kw_only=True, omit_defaults=True, gc=False, tag_field="type",
                      tag=question_class.type)  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {"_shape_": shape}  # no field's name
    lines, arguments = [], []
    for name, write, optional in writers:
        value = source = name if optional else f"self.{name}"
        if write is not None and write not in _BUILTINS_ONLY:
            namespace[f"write_{name}"] = write
            value = f"write_{name}({source})"
        if optional:
            lines.append(f"    {name} = self.{name}")
            value = f"None if {name} is None or {name} == () else {value}"
        arguments.append(f"{name}={value}")
    exec("def to_json_shape(self):\n" + "".join(line + "\n" for line in lines)
         + f"    return _shape_({', '.join(arguments)})\n", namespace)
    return namespace["to_json_shape"]  # type: ignore[no-any-return]


def _unconstrained(kind: Any) -> Any:
    """``tuple[str, ...]`` for ``Annotated[tuple[str, ...], Meta(min_length=2)]``."""
    return get_args(kind)[0] if get_origin(kind) is Annotated else kind


def _pairs(pairs: tuple[Pair, ...]) -> list[dict[str, str]]:
    return [pair.to_dict() for pair in pairs]


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
        return value.to_dict()
    return value


#: Writers that only make builtins of a tuple or pairs: msgspec writes those as they do.
_BUILTINS_ONLY: frozenset[Callable[[Any], Any]] = frozenset({list, _pairs})

_WRITER_OF_TYPE: dict[Any, Callable[[Any], Any] | None] = {
    str: None, str | None: None, bool: None, int: None, float: number,
    tuple[str, ...]: list, tuple[int, ...]: list, tuple[str | None, ...]: list,
    tuple[Pair, ...]: _pairs,
}
