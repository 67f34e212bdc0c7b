"""A Moodle 5.0 site with web services and the ``local_lmsexport`` plugin, as a double:
``MoodleDouble`` in memory, ``FakeMoodle`` (through ``responses``) and ``LiveMoodle`` (on
127.0.0.1) to reach it; ``MoodleDouble.grade()`` marks a student's answers as Moodle would."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .double import MoodleCall, MoodleDouble

if TYPE_CHECKING:
    from .fake import FakeMoodle
    from .live import LiveMoodle

__all__ = ["FakeMoodle", "LiveMoodle", "MoodleCall", "MoodleDouble"]

# FakeMoodle needs `responses` (the testing extra): both load on first use, so importing the
# double stays light and works on a plain install.
_LAZY = {"FakeMoodle": "fake", "LiveMoodle": "live"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
