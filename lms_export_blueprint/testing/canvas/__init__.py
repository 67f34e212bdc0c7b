"""A faithful Canvas double: ``CanvasDouble`` in memory, ``FakeCanvas`` and ``LiveCanvas`` to
reach it, ``grade()`` to prove a question landed right, ``Throttle`` for the rate limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports
from .double import CanvasCall, CanvasDouble
from .grading import grade
from .throttle import Throttle

if TYPE_CHECKING:
    from .fake import FakeCanvas
    from .live import LiveCanvas

__all__ = ["CanvasCall", "CanvasDouble", "FakeCanvas", "LiveCanvas", "Throttle", "grade"]

__getattr__, __dir__ = lazy_exports(__name__, {"FakeCanvas": "fake", "LiveCanvas": "live"}, __all__)
