"""Pacing per access token by the budget Canvas reports, so a push never trips the throttle.

Canvas's throttle is a leaky bucket per token (app/middleware/request_throttle.rb): each request
reserves an up-front cost, is refused when the bucket reaches the high-water mark, and the
bucket drains at a fixed rate. Every answer tells what is left (``X-Rate-Limit-Remaining``)
and what the request cost (``X-Request-Cost``), doc/api/throttling.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ...masking import fingerprint
from ...retry import current_deadline

#: request_throttle.rb's defaults: up-front cost reserved per request, drain per second.
UP_FRONT_COST = 50.0
OUTFLOW_PER_SECOND = 10.0


@dataclass
class _Budget:
    remaining: float
    cost: float
    seen_at: float


class Pacer:
    """What Canvas last said of each token's budget; waits before a call that would be refused."""

    def __init__(self, deadline_seconds: float) -> None:
        self._deadline_seconds = deadline_seconds
        self._budgets: dict[str, _Budget] = {}
        self._lock = threading.Lock()

    def wait_turn(self, token: str) -> None:
        """Sleep until the bucket has drained enough for one more request (within the deadline)."""
        wait = self.wait_for(token, time.monotonic())
        if wait > 0:
            time.sleep(min(wait, max(0.0, current_deadline(self._deadline_seconds).remaining())))

    def wait_for(self, token: str, now: float) -> float:
        """Seconds until a request of ``token`` fits under the high-water mark."""
        with self._lock:
            budget = self._budgets.get(fingerprint(token))
        if budget is None:
            return 0.0
        # A request is refused when, with its up-front cost added, the bucket reaches the mark;
        # the last request's cost stands in for this one's, which is only known afterwards.
        needed = UP_FRONT_COST + budget.cost
        drained = OUTFLOW_PER_SECOND * (now - budget.seen_at)
        return max(0.0, (needed - budget.remaining - drained) / OUTFLOW_PER_SECOND)

    def heard(self, token: str, headers: Mapping[str, str], now: float | None = None) -> None:
        """Record an answer's ``X-Rate-Limit-Remaining`` and ``X-Request-Cost``."""
        remaining = _number(headers.get("X-Rate-Limit-Remaining"))
        if remaining is None:
            return
        cost = _number(headers.get("X-Request-Cost")) or 0.0
        with self._lock:
            self._budgets[fingerprint(token)] = _Budget(
                remaining, cost, time.monotonic() if now is None else now)


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number == number else None  # NaN is no number
