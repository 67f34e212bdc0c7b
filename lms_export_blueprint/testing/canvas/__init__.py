"""A faithful Canvas double: ``CanvasDouble`` in memory, ``FakeCanvas`` and ``LiveCanvas`` to
reach it, ``grade()`` to prove a question landed right, ``Throttle`` for the rate limit."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .double import CanvasCall, CanvasDouble
from .grading import grade
from .throttle import Throttle

if TYPE_CHECKING:
    from .fake import FakeCanvas
    from .live import LiveCanvas

__all__ = ["CanvasCall", "CanvasDouble", "FakeCanvas", "LiveCanvas", "Throttle", "grade"]

# FakeCanvas needs `responses` (the testing extra) and LiveCanvas starts a server module:
# both load on first use, so importing the double stays light and works on a plain install.
_LAZY = {"FakeCanvas": "fake", "LiveCanvas": "live"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
