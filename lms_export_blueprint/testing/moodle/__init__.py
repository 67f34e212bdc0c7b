"""A Moodle 5.0 site with web services and the ``local_lmsexport`` plugin, as a double:
``MoodleDouble`` in memory, ``FakeMoodle`` (through ``responses``) and ``LiveMoodle`` (on
127.0.0.1) to reach it; ``MoodleDouble.grade()`` marks a student's answers as Moodle would."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports
from .double import MoodleCall, MoodleDouble

if TYPE_CHECKING:
    from .fake import FakeMoodle
    from .live import LiveMoodle

__all__ = ["FakeMoodle", "LiveMoodle", "MoodleCall", "MoodleDouble"]

__getattr__, __dir__ = lazy_exports(__name__, {"FakeMoodle": "fake", "LiveMoodle": "live"}, __all__)
