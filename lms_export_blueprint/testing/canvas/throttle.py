"""Canvas's request throttle: a leaky bucket per access token (app/middleware/request_throttle.rb).

Each request first reserves ``up_front_cost`` (so parallel requests fill the bucket), is refused
when the bucket is at or past the high-water mark, and on finishing swaps the reservation for its
real cost. The bucket leaks ``outflow`` units a second and never holds more than ``maximum``
(request_throttle/increment_bucket.lua). doc/api/throttling.md describes the same for clients.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Throttle:
    """Settings and buckets; Canvas's defaults. ``cost`` None charges the time a request took
    (Canvas charges CPU plus database time), so serial requests are never refused."""

    enabled: bool = True
    hwm: float = 600.0
    maximum: float = 800.0
    outflow: float = 10.0
    up_front_cost: float = 50.0
    #: A fixed cost per request instead of the measured time (for deterministic tests).
    cost: float | None = None
    #: 403 as request_throttle.rb answers; 429 as some instances now send.
    status: int = 403
    #: Seconds for a ``Retry-After`` header on a refusal; Canvas sends none.
    retry_after: float | None = None
    #: Requests the throttle has refused so far (``rate_limit_next()`` faults not counted).
    refused: int = 0
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, client: str, now: float) -> bool:
        """Reserve the up-front cost for one request of ``client``; False means refuse it."""
        count = self._increment(client, self.up_front_cost, now)
        if self.enabled and count >= self.hwm:
            with self._lock:
                self.refused += 1
            return False
        return True

    def release(self, client: str, cost: float, now: float) -> float:
        """Swap the reservation for ``cost``; the remaining budget (hwm - count) afterwards."""
        count = self._increment(client, cost - self.up_front_cost, now)
        return self.hwm - count

    def refusal(self) -> tuple[int, dict[str, str], bytes]:
        """request_throttle.rb#rate_limit_exceeded."""
        reason = "Forbidden" if self.status == 403 else "Too Many Requests"
        headers = {"Content-Type": "text/plain; charset=utf-8", "X-Rate-Limit-Remaining": "0.0"}
        if self.retry_after is not None:
            headers["Retry-After"] = f"{self.retry_after:g}"
        return self.status, headers, f"{self.status} {reason} (Rate Limit Exceeded)\n".encode()

    def charge(self, measured: float) -> float:
        return measured if self.cost is None else self.cost

    def _increment(self, client: str, amount: float, now: float) -> float:
        with self._lock:
            count, touched = self._buckets.get(client, (0.0, now))
            if count > 0:
                count -= max(0.0, self.outflow * (now - touched))
            count = min(self.maximum, max(0.0, count + amount))
            self._buckets[client] = (count, now)
            return count


