"""When to retry an LMS call, how long to wait, and the deadline that bounds it all."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

#: Statuses worth another try for a call that is safe to repeat.
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Statuses that say "not now" for any call: the LMS did not act on the request.
ALWAYS_RETRIED_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter; a ``Retry-After`` up to ``max_wait`` is honoured."""

    attempts: int
    backoff: float
    max_wait: float

    def wait_before_retry(self, retry_number: int,
                          retry_after: str | None = None) -> float | None:
        """Seconds to wait before retry ``retry_number`` (1 for the first retry); None when the
        LMS asks for longer than ``max_wait``: then there is no retry."""
        asked = parse_retry_after(retry_after)
        ceiling = min(self.backoff * 2 ** (retry_number - 1), self.max_wait)
        if asked is not None:
            # ``Retry-After: 0`` or a date already past is honoured, but never below half the
            # backoff: an LMS saying "now" again and again is not asked 20 times a second.
            return max(asked, ceiling / 2) if asked <= self.max_wait else None
        return random.uniform(ceiling / 2, ceiling)


class Clock:
    """The time every deadline reads and every wait between tries passes: real time.

    One per process (:data:`clock`); a test swaps in a fake one whose ``sleep`` only moves its
    time on, so what a deadline allows never depends on how busy the machine is
    (docs/testing.md, "A fake clock").
    """

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


#: The clock of :func:`now` and :func:`sleep`.
clock = Clock()


def now() -> float:
    """Seconds on :data:`clock`: what deadlines and the pacer measure with."""
    return clock.now()


def sleep(seconds: float) -> None:
    """Wait ``seconds`` on :data:`clock`: a retry's backoff, the pacer's turn."""
    clock.sleep(seconds)


@dataclass
class Deadline:
    """A time budget shared by every attempt of one operation."""

    seconds: float
    started: float = field(default_factory=now)

    def remaining(self) -> float:
        return self.seconds - (now() - self.started)


_operation_deadline: ContextVar[Deadline | None] = ContextVar("lms_operation_deadline",
                                                             default=None)


@contextmanager
def operation_deadline(seconds: float) -> Iterator[Deadline]:
    """Every LMS call inside shares one budget of ``seconds``; an enclosing budget wins."""
    enclosing = _operation_deadline.get()
    if enclosing is not None:
        yield enclosing
        return
    with own_budget(seconds) as deadline:
        yield deadline


@contextmanager
def own_budget(seconds: float) -> Iterator[Deadline]:
    """Every LMS call inside shares a budget of ``seconds`` of its own, whatever encloses it:
    a part of a push kept apart (a clean-up's reserve), or carved out of it."""
    deadline = Deadline(seconds)
    token = _operation_deadline.set(deadline)
    try:
        yield deadline
    finally:
        _operation_deadline.reset(token)


def current_deadline(seconds: float) -> Deadline:
    """The enclosing operation's budget, or a fresh one of ``seconds`` for a lone call."""
    return _operation_deadline.get() or Deadline(seconds)


def is_retryable(*, status: int | None, repeat_safe: bool) -> bool:
    """``status`` None means no answer came back (connection failed or timed out)."""
    if status is None or status in TRANSIENT_STATUSES:
        return repeat_safe or status in ALWAYS_RETRIED_STATUSES
    return False


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is True, float("²") fails
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(0.0, when.timestamp() - time.time())
