"""Holding calls until several are in flight, then answering them last-come first: how a test
proves, with no timing, that a client sends calls at once and copes with their order."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

#: Longest a held call waits for the others: past it the hold fails the calls it holds.
HOLD_SECONDS = 10.0


class HoldBroken(RuntimeError):
    """The held calls did not all arrive in time: the client did not send them at once."""


@dataclass
class Hold:
    """The first ``calls`` matching requests wait until all have arrived, then are answered
    one at a time in reverse order of arrival (so Canvas stores them reversed)."""

    method: str
    path_part: str
    calls: int
    arrived: int = 0
    #: Index (in arrival order) of the held call answered next.
    turn: int = -1
    _present: int = 0
    _ready: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and self.path_part in path and self.arrived < self.calls

    def claim(self) -> int:
        """This call's place in arrival order (called under the double's lock)."""
        with self._ready:
            self.arrived += 1
            return self.arrived - 1

    def run(self, index: int, answer: Callable[[], T]) -> T:
        """``answer()`` once every held call arrived and those after this one were answered."""
        with self._ready:
            self._present += 1
            if self._present == self.calls:
                self.turn = self.calls - 1
                self._ready.notify_all()
            if not self._ready.wait_for(lambda: self.turn == index, timeout=HOLD_SECONDS):
                self.turn = -2  # broken: every held call fails
                self._ready.notify_all()
                raise HoldBroken(f"{self._present} of {self.calls} held calls arrived")
        try:
            return answer()
        finally:
            with self._ready:
                self.turn -= 1
                self._ready.notify_all()
