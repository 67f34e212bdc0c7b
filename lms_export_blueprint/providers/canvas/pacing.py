"""Pacing per access token by the budget Canvas reports, so a push never trips the throttle.

Canvas's throttle is a leaky bucket per token (app/middleware/request_throttle.rb): each request
reserves an up-front cost, is refused when the bucket reaches the high-water mark, and the
bucket drains at a fixed rate. Every answer tells what is left (``X-Rate-Limit-Remaining``,
``hwm - count``) and what the request cost (``X-Request-Cost``), doc/api/throttling.md.

Several requests of one token may be in flight (filling.py sends a quiz's questions so). An
answer's ``remaining`` counts the up-front cost of every request Canvas held then, but not what
comes after it: the rest of the cost of those still in flight when they end, and the whole cost
of each request let through since. Both are counted against the budget until the next answer.

What an answer says is clamped to what that bucket can say, and forgotten once the bucket
would have drained: one poisoned header (``-1e308``, ``-inf``) can delay a token's calls by
at most a full bucket's drain, never block it for good.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...errors import LMSRateLimited
from ...masking import fingerprint
from ...retry import current_deadline

#: request_throttle.rb's LeakyBucket defaults: up-front cost reserved per request, drain per
#: second, the high-water mark at which requests are refused, and the bucket's maximum
#: (its Lua increment never lets the count pass it).
UP_FRONT_COST = 50.0
OUTFLOW_PER_SECOND = 10.0
HIGH_WATER_MARK = 600.0
MAXIMUM = 800.0
#: ``remaining = hwm - count`` with ``0 <= count <= maximum``.
LOWEST_REMAINING = HIGH_WATER_MARK - MAXIMUM
#: A request is let in below the mark and its cost lands in a bucket that never passes the
#: maximum: no cost beyond the room between the two ever shows in ``remaining``.
HIGHEST_COST = MAXIMUM - HIGH_WATER_MARK
#: After this long a full bucket has drained: what Canvas said before is of no use.
FORGET_AFTER = MAXIMUM / OUTFLOW_PER_SECOND


@dataclass
class _Budget:
    remaining: float
    cost: float
    seen_at: float
    #: Requests in flight when this was heard: each may still add its cost beyond the
    #: up-front cost ``remaining`` shows.
    outstanding: int = 0
    #: Requests let through since this was heard: ``remaining`` shows none of their cost.
    sent: int = 0

    def unseen(self) -> float:
        """What the requests ``remaining`` does not show yet may add to the bucket."""
        each = max(UP_FRONT_COST, self.cost)
        return self.outstanding * max(0.0, self.cost - UP_FRONT_COST) + self.sent * each


class Pacer:
    """What Canvas last said of each token's budget; waits before a call that would be refused."""

    def __init__(self, deadline_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._deadline_seconds = deadline_seconds
        self._clock = clock
        self._budgets: dict[str, _Budget] = {}
        #: Requests let through and not yet answered, per token.
        self._in_flight: dict[str, int] = {}
        self._lock = threading.RLock()

    def wait_turn(self, token: str) -> None:
        """Sleep until the bucket has drained enough for one more request, which then counts
        as sent (the next caller waits for its reservation too); a 429 at once when that is
        past the deadline (sleeping it away would only end in a 504)."""
        with self._lock:
            wait = self.wait_for(token, self._clock())
            if 0 < wait >= current_deadline(self._deadline_seconds).remaining():
                raise LMSRateLimited(str(math.ceil(wait)))
            key = fingerprint(token)
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
            budget = self._budgets.get(key)
            if budget is not None:
                budget.sent += 1
        if wait > 0:
            time.sleep(wait)

    def wait_for(self, token: str, now: float) -> float:
        """Seconds until a request of ``token`` fits under the high-water mark, counting the
        requests let through since Canvas last said what is left."""
        key = fingerprint(token)
        with self._lock:
            budget = self._budgets.get(key)
            if budget is not None and now - budget.seen_at >= FORGET_AFTER:
                del self._budgets[key]
                budget = None
        if budget is None:
            return 0.0
        # A request is refused when, with its up-front cost added, the bucket reaches the mark;
        # the last request's cost stands in for this one's, which is only known afterwards.
        needed = UP_FRONT_COST + budget.cost + budget.unseen()
        drained = OUTFLOW_PER_SECOND * max(0.0, now - budget.seen_at)
        return max(0.0, (needed - budget.remaining - drained) / OUTFLOW_PER_SECOND)

    def heard(self, token: str, headers: Mapping[str, str] | None,
              now: float | None = None) -> None:
        """The end of a request let through: record its answer's ``X-Rate-Limit-Remaining``
        and ``X-Request-Cost``, clamped to what request_throttle.rb's bucket can report (None:
        it got no answer)."""
        key = fingerprint(token)
        with self._lock:
            in_flight = max(0, self._in_flight.pop(key, 0) - 1)
            if in_flight:
                self._in_flight[key] = in_flight
        remaining = _number((headers or {}).get("X-Rate-Limit-Remaining"))
        if remaining is None:
            return
        cost = _number((headers or {}).get("X-Request-Cost")) or 0.0
        budget = _Budget(min(max(remaining, LOWEST_REMAINING), HIGH_WATER_MARK),
                         min(max(cost, 0.0), HIGHEST_COST),
                         self._clock() if now is None else now, outstanding=in_flight)
        with self._lock:
            self._forget_drained(budget.seen_at)
            self._budgets[key] = budget

    def _forget_drained(self, now: float) -> None:
        """Drop every budget old enough to have drained (called under the lock): the table
        holds only the tokens of the last ``FORGET_AFTER`` seconds."""
        for key in [key for key, old in self._budgets.items()
                    if now - old.seen_at >= FORGET_AFTER]:
            del self._budgets[key]


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None
