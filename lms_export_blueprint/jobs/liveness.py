"""Jobs that end: a running job's worker beats a heartbeat, and a job whose heartbeat went
silent for ``LMS_JOBS_LOST_AFTER`` seconds ends ``failed`` at the next look (docs/jobs.md)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType

from .records import FAILED, RUNNING, JobRecord, JobStore

logger = logging.getLogger(__name__)

WORKER_LOST = ("The worker running this export stopped before it finished (it was killed or "
               "crashed). Part of it may have reached the LMS: push again with the same "
               "Idempotency-Key, and the LMS replays what already landed")

#: Beats per ``lost_after``: two may be late before a live job counts as lost.
BEATS_PER_PERIOD = 3


class Heartbeat:
    """``with Heartbeat(store, job_id, lost_after):`` the job's worker says it is alive, once
    at once and then every ``lost_after / 3`` seconds from a thread of its own, until the block
    ends. A beat that fails (Redis restarting) is logged and tried again each second."""

    def __init__(self, store: JobStore, job_id: str, lost_after: float,
                 clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._job_id = job_id
        self._interval = lost_after / BEATS_PER_PERIOD
        self._clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat_until_stopped, daemon=True,
                                        name=f"lms-export-heartbeat-{job_id[:8]}")

    def __enter__(self) -> Heartbeat:
        self.beat()
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        # A beat in flight to a hung store may outlast the job: it is harmless (a finished
        # job is never judged by its heartbeat), so the job does not wait for it long.
        self._thread.join(timeout=min(self._interval, 1.0))

    def beat(self) -> bool:
        """Store one beat; False (logged) when the store failed."""
        try:
            self._store.beat(self._job_id, self._clock())
        except Exception as exc:  # the store is down: the job goes on, the next beat retries
            logger.warning("Export job %s: heartbeat not stored (%s)", self._job_id[:8],
                           type(exc).__name__)
            return False
        return True

    def _beat_until_stopped(self) -> None:
        # After a failed beat, try every second: once Redis is back, the job's beat is fresh
        # before a poll could take its silence during the outage for a lost worker.
        wait = self._interval
        while not self._stop.wait(wait):
            wait = self._interval if self.beat() else min(self._interval, 1.0)


def is_lost(record: JobRecord, last_beat: float | None, now: float, lost_after: float) -> bool:
    """A running job whose worker has said nothing for more than ``lost_after`` seconds (a job
    without any beat counts from its start)."""
    if record.status != RUNNING:
        return False
    seen = last_beat if last_beat is not None else (record.started_at or record.queued_at)
    return now - seen > lost_after


def end_if_lost(store: JobStore, record: JobRecord, *, lost_after: float, result_ttl: float,
                clock: Callable[[], float] = time.time) -> JobRecord:
    """``record``, or the ``failed`` record it became because its worker is gone."""
    if not is_lost(record, store.last_beat(record.job_id), clock(), lost_after):
        return record
    logger.warning("Export job %s failed: no heartbeat from its worker for %.0f s",
                   record.job_id[:8], lost_after)
    return fail_unfinished(store, record.job_id, WORKER_LOST, ttl=result_ttl) or record


def fail_unfinished(store: JobStore, job_id: str, detail: str, *,
                    ttl: float) -> JobRecord | None:
    """End a job that is still queued or running as ``failed`` with a 500 and ``detail``; the
    record as it is now (a job that finished meanwhile keeps its outcome)."""
    current = store.load(job_id)
    if current is None or current.finished:
        return current
    current.status, current.finished_at = FAILED, time.time()
    current.error = {"detail": detail, "status": 500}
    store.save(current, ttl=ttl)
    return current
