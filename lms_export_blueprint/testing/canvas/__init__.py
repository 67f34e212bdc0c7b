"""A faithful Canvas double: ``CanvasDouble`` in memory, ``FakeCanvas`` and ``LiveCanvas`` to
reach it, ``grade()`` to prove a question landed right, ``Throttle`` for the rate limit."""

from .double import CanvasCall, CanvasDouble
from .grading import grade
from .throttle import Throttle

__all__ = ["CanvasCall", "CanvasDouble", "Throttle", "grade"]
