"""A Google double from Google's own specs: ``GoogleDouble`` (Classroom, Forms, Drive, OAuth)
in memory, ``FakeGoogle`` and ``LiveGoogle`` to reach it, ``grade()`` to score a response as a
Forms answer key does."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .double import ALL_SCOPES, GoogleCall, GoogleDouble
from .grading import grade, questions

if TYPE_CHECKING:
    from .fake import FakeGoogle
    from .live import LiveGoogle

__all__ = ["ALL_SCOPES", "FakeGoogle", "GoogleCall", "GoogleDouble", "LiveGoogle", "grade",
           "questions"]

# FakeGoogle needs `responses` (the testing extra): it loads on first use, as FakeCanvas does.
_LAZY = {"FakeGoogle": "fake", "LiveGoogle": "live"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
