"""The doubles' clock: wall time plus an offset a test moves, to expire what they issued."""

from __future__ import annotations

import time


class Clock:
    """``clock.advance(3601)`` expires the access tokens a double handed out an hour ago."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds
