"""A clock whose time moves only when the code under test sleeps (``retry.clock``).

Deadline tests driven by it give the same answer on an idle laptop and on a busy 2-core CI
machine: the LMS double's real round trips take no time on it, and a retry's backoff or the
pacer's wait moves it on by exactly what was asked, at once (docs/testing.md).
"""

from __future__ import annotations

import threading
import time


class FakeClock:
    """``now()`` and ``sleep(seconds)`` of :class:`lms_export_blueprint.retry.Clock`."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        #: Every sleep asked for, in order: what a real clock would have waited.
        self.slept: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self._now += max(0.0, seconds)
        time.sleep(0)  # let other threads run, as a real sleep would

    def advance(self, seconds: float) -> None:
        """Time passing outside any sleep (a slow LMS, as a test wants it)."""
        with self._lock:
            self._now += seconds
