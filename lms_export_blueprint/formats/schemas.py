"""marshmallow schemas that validate a question set and load it into the model's dataclasses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load
from marshmallow.types import ErrorMessages
from marshmallow.validate import Length, OneOf, Range

from . import model
from .aliases import PAGE_ALIASES, QUESTION_TYPES, SET_ALIASES, normalise_question, rename
from .fields import Flag, Number, Option, OptionField, PairField, Text, listed

#: How a page body may say it is written (docs/formats.md: a page's optional ``format``).
PAGE_FORMATS = ("markdown", "html", "text")
_NOT_NEGATIVE = Range(min=0, error="must not be negative")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class QuestionSchema(Schema):
    """Fields every question type shares; subclasses add theirs and build their model."""

    class Meta:
        unknown = EXCLUDE

    builds: ClassVar[type[model.Question]]
    text = Text(required=True)
    points = Number(load_default=1.0, validate=_NOT_NEGATIVE)
    feedback = Text(optional=True)

    @post_load
    def build(self, data: dict[str, Any], **kwargs: Any) -> model.Question:
        return self.builds(**self.shape(data))

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        """The model's keyword arguments from the loaded fields."""
        return data


class _ChoiceSchema(QuestionSchema):
    options = listed(OptionField(), required=True)

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        options: list[Option] = data.pop("options")
        if not options:
            raise ValidationError("must not be empty", field_name="options")
        if len(options) < 2:
            raise ValidationError("needs at least 2 options, got 1", field_name="options")
        data["options"] = tuple(option.text for option in options)
        if any(option.feedback for option in options):
            data["option_feedback"] = tuple(option.feedback for option in options)
        data.update(self.right_answers(data, options))
        return data

    def right_answers(self, data: dict[str, Any], options: list[Option]) -> dict[str, Any]:
        raise NotImplementedError


class MultipleChoiceSchema(_ChoiceSchema):
    builds = model.MultipleChoice
    answer = fields.Raw(load_default=None)

    def right_answers(self, data: dict[str, Any], options: list[Option]) -> dict[str, Any]:
        ref = data.pop("answer")
        if ref is not None:
            return {"answer": _option_index(ref, data["options"], "answer")}
        flagged = [index for index, option in enumerate(options) if option.correct]
        if len(flagged) != 1:
            reason = (f"{len(flagged)} options are marked correct; a multiple-choice question "
                      "has exactly one") if flagged else (
                      "is required: the right option's index (from 0), letter or text")
            raise ValidationError(reason, field_name="answer")
        return {"answer": flagged[0]}


class MultipleAnswerSchema(_ChoiceSchema):
    builds = model.MultipleAnswer
    answers = fields.Raw(load_default=None)

    def right_answers(self, data: dict[str, Any], options: list[Option]) -> dict[str, Any]:
        refs = data.pop("answers")
        if refs is None:
            indexes = {index for index, option in enumerate(options) if option.correct}
        else:
            refs = refs if isinstance(refs, list) else [refs]
            indexes = {_option_index(ref, data["options"], f"answers[{at}]")
                       for at, ref in enumerate(refs)}
        if not indexes:
            raise ValidationError("needs at least one right answer", field_name="answers")
        return {"answers": tuple(sorted(indexes))}


class TrueFalseSchema(QuestionSchema):
    builds = model.TrueFalse
    answer = Flag(required=True)


class ShortAnswerSchema(QuestionSchema):
    builds = model.ShortAnswer
    answers = listed(Text(), required=True,
                     validate=Length(min=1, error="needs at least one accepted answer"))
    case_sensitive = Flag(load_default=False)

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        data["answers"] = tuple(dict.fromkeys(data["answers"]))
        return data


class NumericalSchema(QuestionSchema):
    builds = model.Numerical
    answer = Number(required=True)
    tolerance = Number(load_default=0.0, validate=_NOT_NEGATIVE)


class EssaySchema(QuestionSchema):
    builds = model.Essay


class MatchingSchema(QuestionSchema):
    builds = model.Matching
    pairs = listed(PairField(), required=True)
    distractors = listed(Text(), load_default=list)

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        if len(data["pairs"]) < 2:
            raise ValidationError(f"needs at least 2 pairs, got {len(data['pairs'])}",
                                  field_name="pairs")
        data["pairs"] = tuple(data["pairs"])
        data["distractors"] = tuple(data["distractors"])
        return data


#: One schema instance per question type, built once: loading reuses them.
QUESTION_SCHEMAS: dict[str, Schema] = {
    schema.builds.type: schema
    for schema in (MultipleChoiceSchema(), MultipleAnswerSchema(), TrueFalseSchema(),
                   ShortAnswerSchema(), NumericalSchema(), EssaySchema(), MatchingSchema())
}


class QuestionField(fields.Field):
    """One question of any type: aliases resolved, then loaded by its type's schema."""

    default_error_messages: ErrorMessages = {
        "required": "is required", "null": "must not be null", "invalid": "must be an object"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, Mapping):
            raise self.make_error("invalid")
        question = normalise_question(value)
        schema = QUESTION_SCHEMAS.get(str(question.get("type")))
        if schema is None:
            raise ValidationError({"type": [_unknown_type(question.get("type"))]})
        return schema.load(question)


class WholeNumber(fields.Field):
    """An int (JSON ``30``, or ``30.0``); never a bool or a string."""

    default_error_messages: ErrorMessages = {
        "null": "must be a whole number", "invalid": "must be a whole number, not {input!r}"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise self.make_error("invalid", input=value)


class AwareDateTime(fields.Field):
    """An ISO 8601 date and time with its offset: a due date means one instant everywhere."""

    default_error_messages: ErrorMessages = {
        "null": "must be a date and time",
        "invalid": "must be an ISO 8601 date and time with a timezone, such as "
                   "2026-12-24T17:00:00Z, not {input!r}"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.utcoffset() is None:
            raise self.make_error("invalid", input=value)
        return moment


def _attempts(value: int) -> None:
    if value < 1 and value != model.UNLIMITED_ATTEMPTS:
        raise ValidationError("must be 1 or more, or -1 for unlimited")


class QuizSettingsSchema(Schema):
    """How a quiz is taken; a key left out means the target's own default."""

    class Meta:
        unknown = EXCLUDE

    error_messages: ClassVar[dict[str, str]] = {"type": "must be an object"}  # type: ignore[misc]

    time_limit_minutes = WholeNumber(validate=Range(min=1, error="must be 1 or more"))
    allowed_attempts = WholeNumber(validate=_attempts)
    shuffle_answers = Flag()
    due_at = AwareDateTime()
    show_correct_answers = Flag()

    @post_load
    def build(self, data: dict[str, Any], **kwargs: Any) -> model.QuizSettings:
        return model.QuizSettings(**data)


class QuestionSetSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    title = Text(optional=True)
    instructions = Text(optional=True)
    questions = listed(QuestionField(), required=True,
                       validate=Length(min=1, error="has no questions"))
    settings = fields.Nested(QuizSettingsSchema, load_default=model.QuizSettings())

    def load_set(self, content: Mapping[str, Any] | list[Any], default_title: str
                 ) -> model.QuestionSet:
        """The question set in ``content`` (a set object, or a bare list of questions)."""
        raw = {"questions": content} if isinstance(content, list) else rename(content, SET_ALIASES)
        loaded = self.load(raw)
        return model.QuestionSet(loaded["title"] or default_title, loaded["instructions"],
                                 tuple(loaded["questions"]), loaded["settings"])


class PageSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    title = Text(optional=True)
    body = fields.String(required=True, error_messages={
        "required": "is required", "invalid": "must be a string", "null": "must be a string"})
    format = fields.String(load_default=None, validate=OneOf(
        PAGE_FORMATS, error="must be one of: " + ", ".join(PAGE_FORMATS)))

    def load_page(self, content: Mapping[str, Any], default_title: str) -> model.Page:
        """The page in ``content`` (``{"title", "body"}`` or an alias of either)."""
        loaded = self.load(rename(content, PAGE_ALIASES))
        return model.Page(loaded["title"] or default_title, loaded["body"], loaded["format"])


QUESTION_SET_SCHEMA = QuestionSetSchema()
PAGE_SCHEMA = PageSchema()


def _option_index(ref: Any, options: Sequence[str], where: str) -> int:
    """The 0-based index ``ref`` points at: an index, a letter (A = first) or an option's text.

    An option's exact text wins over a letter, and a letter over a string of digits.
    """
    count = len(options)
    if isinstance(ref, float) and ref.is_integer():
        ref = int(ref)
    if isinstance(ref, int) and not isinstance(ref, bool):
        if 0 <= ref < count:
            return ref
        raise ValidationError(f"option index {ref} is out of range ({count} options)",
                              field_name=where)
    if isinstance(ref, (str, int, float)) and not isinstance(ref, bool):
        text = str(ref).strip()
        if text in options:
            return options.index(text)
        if len(text) == 1 and text.upper() in _LETTERS:
            index = _LETTERS.index(text.upper())
            if index < count:
                return index
            raise ValidationError(f"option letter {text} is out of range ({count} options)",
                                  field_name=where)
        if text.isdigit():
            return _option_index(int(text), options, where)
        raise ValidationError(f"{text!r} is not one of the options", field_name=where)
    raise ValidationError(
        f"must be an option index (from 0), letter or text, not {ref!r}", field_name=where)


def _unknown_type(name: Any) -> str:
    known = ", ".join(QUESTION_TYPES)
    if name is None:
        return f"is required; known types: {known}"
    return f"unknown question type {name!r}; known types: {known}"
