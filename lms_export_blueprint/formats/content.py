"""An asset's content, decoded and validated into a QuestionSet or a Page."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from marshmallow import ValidationError

from ..errors import InvalidAssetData
from .fast_path import load_canonical, load_canonical_page
from .fields import clean_body, clean_text
from .html import plain_text, shows_nothing
from .model import Page, Question, QuestionSet, field_names
from .schemas import PAGE_SCHEMA, QUESTION_SET_SCHEMA

_NAME_LENGTH = 60

#: Asset types whose content is a question set; every other type is a page.
QUESTION_SET_TYPES = frozenset({"quiz", "question-paper"})


def holds_question_set(asset: Mapping[str, Any]) -> bool:
    asset_type = asset.get("asset_type")
    return isinstance(asset_type, str) and asset_type.strip().lower() in QUESTION_SET_TYPES


def load_content(asset: Mapping[str, Any]) -> QuestionSet | Page:
    """The asset's content as the model; raises InvalidAssetData naming the bad field."""
    return load_question_set(asset) if holds_question_set(asset) else load_page(asset)


def load_question_set(asset: Mapping[str, Any]) -> QuestionSet:
    name = _name(asset)
    content = asset.get("asset_content")
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError as exc:
            raise InvalidAssetData(name, "asset_content", f"not valid JSON: {exc}") from None
    if not isinstance(content, (Mapping, list)):
        raise InvalidAssetData(name, "asset_content",
                               f"must be a question set object, not {type(content).__name__}")
    question_set = load_canonical(content, _title(name))  # it checks what check_visible does
    if question_set is None:
        try:
            question_set = QUESTION_SET_SCHEMA.load_set(content, default_title=_title(name))
        except ValidationError as exc:
            raise InvalidAssetData(name, *_first_error(exc.messages)) from None
        check_visible(name, question_set)
    return question_set


def check_visible(name: str, question_set: QuestionSet) -> None:
    """Refuse a text, option or matching side whose HTML sanitizes to nothing (an iframe or a
    video only, a ``<script>``): every LMS would get it empty, and Moodle drops a blank answer
    (question/type/multichoice/questiontype.php ``save_question_options`` skips it), so a right
    answer would vanish and the grades stop adding up to 100 %."""
    for index, question in enumerate(question_set.questions):
        for text in _texts(question):
            if shows_nothing(text):
                # Named only now: most sets have no such text, and naming costs a string each.
                field = next(field for field, value in _visible_fields(question) if value == text)
                raise InvalidAssetData(
                    name, f"questions[{index}].{field}",
                    "is empty once its HTML is sanitized (only tags no LMS keeps, such as "
                    "<iframe>, <video> or <script>): give it text or an image")


def _texts(question: Question) -> list[str]:
    """Every text of ``question`` a student sees: its text, options, distractors and pairs."""
    texts = [question.text]
    lists, has_pairs = _text_fields(type(question))  # type: ignore[arg-type]  # classes hash fine
    for name in lists:
        texts += getattr(question, name)
    if has_pairs:
        for pair in question.pairs:  # type: ignore[attr-defined]
            texts += (pair.prompt, pair.match)
    return texts


@cache
def _text_fields(kind: type) -> tuple[tuple[str, ...], bool]:
    """Which of the text lists ``kind`` has, and whether it has pairs: read once per class (a
    missing attribute on an instance costs an exception each time)."""
    names = field_names(kind)
    return tuple(name for name in ("options", "distractors") if name in names), "pairs" in names


def _visible_fields(question: Question) -> Iterator[tuple[str, str]]:
    yield "text", question.text
    for at, option in enumerate(getattr(question, "options", ())):
        yield f"options[{at}]", option
    for at, pair in enumerate(getattr(question, "pairs", ())):
        yield f"pairs[{at}].prompt", pair.prompt
        yield f"pairs[{at}].match", pair.match
    for at, distractor in enumerate(getattr(question, "distractors", ())):
        yield f"distractors[{at}]", distractor


def load_page(asset: Mapping[str, Any]) -> Page:
    name = _name(asset)
    content = asset.get("asset_content")
    if isinstance(content, str):
        content = _page_object(content)
    if isinstance(content, str):
        return Page(_title(name), clean_body(content))
    if not isinstance(content, Mapping):
        raise InvalidAssetData(name, "asset_content",
                               f"must be text or {{title, body}}, not {type(content).__name__}")
    page = load_canonical_page(content, _title(name))
    if page is None:
        try:
            page = PAGE_SCHEMA.load_page(content, default_title=_title(name))
        except ValidationError as exc:
            raise InvalidAssetData(name, *_first_error(exc.messages)) from None
    return Page(page.title, clean_body(page.body), page.format)


def _first_error(messages: Any, path: str = "") -> tuple[str, str]:
    """The path (``questions[2].answer``) and reason of the first message in marshmallow's tree."""
    if isinstance(messages, Mapping):
        key, nested = next(iter(messages.items()))
        if key == "_schema":
            step = ""
        elif isinstance(key, int):
            step = f"[{key}]"
        else:
            step = f".{key}" if path else str(key)
        return _first_error(nested, path + step)
    if isinstance(messages, list) and messages:
        return _first_error(messages[0], path)
    return path, str(messages)


def question_name(label: str, text: str) -> str:
    """A short name for the question bank: its label and the start of its text as a reader sees
    it (an HTML text without its tags; a plain ``x<y and y>z`` as written)."""
    # split() and join() read whitespace as \s+ does, trimmed, in a third of the time.
    words = " ".join(plain_text(text).split())
    if len(words) > _NAME_LENGTH:
        words = words[: _NAME_LENGTH - 1].rstrip() + "…"
    return f"{label} {words}" if words else label


def _page_object(text: str) -> str | Any:
    """A page given as the JSON of ``{title, body}`` is that object; any other text is text."""
    if not text.lstrip().startswith("{"):
        return text
    try:
        decoded = json.loads(text)
    except ValueError:
        return text
    return decoded if isinstance(decoded, Mapping) else text


def _name(asset: Mapping[str, Any]) -> str:
    return str(asset.get("asset_name") or "asset")


def _title(name: str) -> str:
    """The asset's name as a default title: cleaned like every other text that reaches a format
    (a control character in it would make a Moodle XML file that does not parse)."""
    return clean_text(name) or "asset"
