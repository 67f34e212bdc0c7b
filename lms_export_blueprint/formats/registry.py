"""Export formats by name, and the envelope every format shares."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import UnknownExportFormat

#: A formatter takes the asset as the host's ``asset_loader`` returned it and gives ``content``.
#: It raises :class:`~lms_export_blueprint.errors.InvalidAssetData` for content it cannot export.
#: One that also takes a keyword argument ``publish`` is given the push's ``publish`` choice.
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
               publish: bool = True) -> dict[str, Any]:
        """The envelope of ``asset`` in ``export_format``; ``publish`` reaches formatters that
        take it (the built-in ``canvas``), others are called with the asset alone."""
        formatter = self.get(export_format)
        if formatter is None:
            raise UnknownExportFormat(export_format, self.names)
        content = (formatter(asset, publish=publish) if _takes_publish(formatter)
                   else formatter(asset))
        return envelope(asset, export_format, content)


def _takes_publish(formatter: Formatter) -> bool:
    """Whether ``formatter`` accepts a ``publish`` keyword (or any keyword)."""
    try:
        parameters = inspect.signature(formatter).parameters.values()
    except (TypeError, ValueError):  # some builtins and C callables have no signature
        return False
    return any(parameter.kind is parameter.VAR_KEYWORD
               or (parameter.name == "publish" and parameter.kind is not parameter.POSITIONAL_ONLY)
               for parameter in parameters)


def envelope(asset: Mapping[str, Any], export_format: str, content: Any) -> dict[str, Any]:
    """The shape every format shares (contract section 6)."""
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
