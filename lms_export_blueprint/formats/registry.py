"""Export formats by name, and the envelope every format shares."""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from msgspec import Raw

from ..bodies import json_bytes
from ..errors import UnknownExportFormat
from ..question_types import require_supported
from .content import load_content
from .model import Question, QuestionSet

#: A formatter takes the asset as the host's ``asset_loader`` returned it and gives ``content``.
#: It raises :class:`~lms_export_blueprint.errors.InvalidAssetData` for content it cannot export.
#: One that also takes a keyword argument ``publish`` is given the push's ``publish`` choice,
#: and one that takes ``content`` the asset's content already parsed (a ``QuestionSet`` or
#: ``Page``), so a push parses each asset once.
Formatter = Callable[..., Any]


class FormatRegistry:
    """Named formatters; ``format`` wraps a formatter's content in the shared envelope.

    A registry with a ``parent`` also offers the parent's formats, including ones the parent
    gains later, and its own registrations shadow the parent's. ``on_change`` callbacks run
    whenever the registry, or a parent of it, gains a format.
    """

    def __init__(
        self,
        formatters: Mapping[str, Formatter] | None = None,
        *,
        parent: FormatRegistry | None = None,
    ) -> None:
        self._formatters: dict[str, Formatter] = dict(formatters or {})
        self._parent = parent
        self._children: weakref.WeakSet[FormatRegistry] = weakref.WeakSet()
        self._on_change: list[Callable[[], None]] = []
        if parent is not None:
            parent._children.add(self)

    def register(self, name: str, formatter: Formatter) -> Formatter:
        if not name or not isinstance(name, str):
            raise ValueError("A format name must be a non-empty string")
        if not callable(formatter):
            raise TypeError(f"The formatter for '{name}' must be callable")
        self._formatters[name] = formatter
        self._changed()
        return formatter

    def child(self) -> FormatRegistry:
        return FormatRegistry(parent=self)

    def on_change(self, callback: Callable[[], None]) -> None:
        self._on_change.append(callback)

    def _changed(self) -> None:
        for callback in self._on_change:
            callback()
        for child in list(self._children):
            child._changed()

    @property
    def names(self) -> list[str]:
        inherited = self._parent.names if self._parent else []
        return sorted({*inherited, *self._formatters})

    def __contains__(self, name: object) -> bool:
        return self.get(name) is not None

    def get(self, name: object) -> Formatter | None:
        formatter = self._formatters.get(name) if isinstance(name, str) else None
        if formatter is None and self._parent is not None:
            return self._parent.get(name)
        return formatter

    def format(self, asset: Mapping[str, Any], export_format: str, *,
               publish: bool = True, content: Any = None) -> dict[str, Any]:
        """The envelope of ``asset`` in ``export_format``; ``publish`` and the parsed
        ``content`` reach formatters that take them, others get the asset alone."""
        formatter, options = self._prepared(asset, export_format, publish, content)
        return envelope(asset, export_format, formatter(asset, **options))

    def format_json(self, asset: Mapping[str, Any], export_format: str, *,
                    publish: bool = True, content: Any = None) -> bytes:
        """``json_bytes(self.format(...))``, the same bytes; a formatter declared with
        ``writes_json`` writes its part as JSON itself, without the dicts in between."""
        formatter, options = self._prepared(asset, export_format, publish, content)
        as_json = getattr(formatter, "as_json", None)
        formatted = (formatter(asset, **options) if as_json is None
                     else Raw(as_json(asset, **options)))
        return json_bytes(envelope(asset, export_format, formatted))

    def _prepared(self, asset: Mapping[str, Any], export_format: str, publish: bool,
                  content: Any) -> tuple[Formatter, dict[str, Any]]:
        """The formatter of ``export_format`` and the options it takes; a question type it
        does not write is a 422 now, before it runs."""
        formatter = self.get(export_format)
        if formatter is None:
            raise UnknownExportFormat(export_format, self.names)
        supported = getattr(formatter, "question_types", None)
        if supported is not None:
            question_set = content if content is not None else load_content(asset)
            if isinstance(question_set, QuestionSet):
                require_supported(question_set, supported, target=f"the '{export_format}' format",
                                  asset_name=str(asset.get("asset_name")))
                content = question_set
        options: dict[str, Any] = {}
        if _takes(formatter, "publish"):
            options["publish"] = publish
        if content is not None and _takes(formatter, "content"):
            options["content"] = content
        return formatter, options


def supports(question_types: Iterable[type[Question]]) -> Callable[[Formatter], Formatter]:
    """Declare the question types a formatter writes; the registry refuses the others with a
    422 naming the type and the format, before the formatter runs."""
    def declare(formatter: Formatter) -> Formatter:
        formatter.question_types = frozenset(question_types)  # type: ignore[attr-defined]
        return formatter
    return declare


def writes_json(as_json: Formatter) -> Callable[[Formatter], Formatter]:
    """Give a formatter a twin for ``FormatRegistry.format_json``: it takes the same arguments
    and gives, as JSON bytes, what the formatter gives (``json_bytes`` of it)."""
    def declare(formatter: Formatter) -> Formatter:
        formatter.as_json = as_json  # type: ignore[attr-defined]
        return formatter
    return declare


def _takes(formatter: Formatter, keyword: str) -> bool:
    """Whether ``formatter`` accepts ``keyword`` (or any keyword); asked once per formatter,
    since reading a signature costs more than formatting a small asset."""
    try:
        return _takes_remembered(formatter, keyword)
    except TypeError:  # an unhashable callable object
        return _reads(formatter, keyword)


_takes_remembered = functools.lru_cache(maxsize=256)(lambda formatter, keyword:
                                                     _reads(formatter, keyword))


def _reads(formatter: Formatter, keyword: str) -> bool:
    try:
        parameters = inspect.signature(formatter).parameters.values()
    except (TypeError, ValueError):  # some builtins and C callables have no signature
        return False
    return any(parameter.kind is parameter.VAR_KEYWORD
               or (parameter.name == keyword and parameter.kind is not parameter.POSITIONAL_ONLY)
               for parameter in parameters)


def envelope(asset: Mapping[str, Any], export_format: str, content: Any) -> dict[str, Any]:
    """The shape every format shares (docs/formats.md, "Export formats")."""
    return {
        "name": asset.get("asset_name"),
        "type": asset.get("asset_type"),
        "format": export_format,
        "content": content,
        "metadata": {
            "created_at": asset.get("asset_last_updated_at"),
            "created_by": asset.get("asset_last_updated_by"),
        },
    }
