"""A Google double from Google's own specs: ``GoogleDouble`` (Classroom, Forms, Drive, OAuth)
in memory, ``FakeGoogle`` and ``LiveGoogle`` to reach it, ``grade()`` to score a response as a
Forms answer key does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports
from .double import ALL_SCOPES, GoogleCall, GoogleDouble
from .grading import grade, questions

if TYPE_CHECKING:
    from .fake import FakeGoogle
    from .live import LiveGoogle

__all__ = ["ALL_SCOPES", "FakeGoogle", "GoogleCall", "GoogleDouble", "LiveGoogle", "grade",
           "questions"]

__getattr__, __dir__ = lazy_exports(__name__, {"FakeGoogle": "fake", "LiveGoogle": "live"}, __all__)
