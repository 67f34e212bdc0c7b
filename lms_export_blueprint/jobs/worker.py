"""``flask lms worker``: an RQ worker on the app's queue that outlives a Redis restart."""

from __future__ import annotations

import logging
import time
from typing import Any

from ..state import current_state
from .engines import JobEngine, RQEngine

logger = logging.getLogger(__name__)

#: Token-store backends that live in one process: RQ's work horse is a fork, gone after its job.
PROCESS_LOCAL_CACHES = ("SimpleCache", "NullCache")
LEDGER_NOT_SHARED = ("LMS_PROVIDER is canvas but the token store's cache is %s: the Canvas "
                     "retry ledger lives in each job's work horse and is lost with it, so a "
                     "failed job sent again may create a second course or quiz. Set "
                     "LMS_TOKEN_CACHE_TYPE = \"RedisCache\" on every web and worker process")
#: Longest wait between two looks for a Redis that went away.
MAX_REDIS_WAIT = 30.0


def warn_if_ledger_not_shared() -> None:
    """A Canvas ledger in a process-local cache cannot make a retried job safe (docs/jobs.md)."""
    state = current_state()
    backend = type(state.store.cache).__name__
    if state.provider.needs_shared_store and backend in PROCESS_LOCAL_CACHES:
        logger.warning(LEDGER_NOT_SHARED, backend)


def run_worker(engine: JobEngine, *, burst: bool = False, **options: Any) -> bool:
    """An RQ worker on the extension's queue, in this process's app context.

    RQ's worker quits on an error it does not handle, such as Redis going away while a job
    ends; this one waits for Redis and starts a fresh RQ worker, until it is asked to stop
    (SIGINT, SIGTERM) or, with ``burst``, the queue is empty.
    """
    if not isinstance(engine, RQEngine):  # checked first: a plain install has no rq
        raise RuntimeError("LMS_JOBS_REDIS_URL is not set: jobs run in the web process's "
                           "thread pool and need no worker")
    from rq import Worker
    from rq.exceptions import StopRequested

    warn_if_ledger_not_shared()
    worked = False
    while True:
        worker = Worker([engine.queue], connection=engine.connection, **options)
        try:
            worked = bool(worker.work(burst=burst, with_scheduler=False)) or worked
            if burst or getattr(worker, "_stop_requested", False):
                return worked
        except StopRequested:
            return worked
        except Exception as exc:  # RQ's bootstrap or teardown on a Redis that went away
            if burst:
                raise
            logger.warning("flask lms worker: the RQ worker stopped (%s)", type(exc).__name__)
        try:
            _wait_for_redis(engine)
        except StopRequested:
            return worked


def _wait_for_redis(engine: RQEngine) -> None:
    """Back off (1 s, doubling up to MAX_REDIS_WAIT) until Redis answers a PING."""
    wait = 1.0
    while True:
        try:
            engine.connection.ping()
        except Exception as exc:  # down, restarting, loading its data
            logger.warning("flask lms worker: Redis unavailable (%s); trying again in %.0f s",
                           type(exc).__name__, wait)
            time.sleep(wait)
            wait = min(wait * 2, MAX_REDIS_WAIT)
        else:
            logger.warning("flask lms worker: Redis answers again; starting a new RQ worker")
            return
