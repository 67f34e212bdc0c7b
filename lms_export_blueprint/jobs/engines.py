"""Two engines behind one small interface: a thread pool in the app, or RQ on Redis."""

from __future__ import annotations

import functools
import importlib.util
import logging
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from flask import Flask

from ..config import LMSConfig
from ..errors import LMSConfigError
from ..namespace import app_namespace, namespaced
from ..sealing import ProcessVault, Sealer
from ..state import current_state
from .liveness import WORKER_LOST, end_if_lost, fail_unfinished
from .payload import SealedWork
from .records import KEY_PREFIX, JobRecord, JobStore, MemoryJobStore, RedisJobStore, store_errors
from .runner import JobRunner

logger = logging.getLogger(__name__)

#: The RQ queue every web worker enqueues on and every ``flask lms worker`` listens to, inside
#: the app's key namespace.
QUEUE_NAME = "lms_export"
#: Seconds RQ allows a job past LMS_DEADLINE before it stops it (the deadline ends it first).
HARD_TIMEOUT_MARGIN = 30

#: Seconds between a job's record being saved and RQ holding the job.
SUBMIT_GRACE = 5.0
#: RQ job statuses after which no worker runs the job (``rq.job.JobStatus`` is a str enum).
RQ_GAVE_UP = ("failed", "stopped", "canceled")

JOB_CRASHED = ("Internal error while exporting to the LMS: the job stopped before it finished "
               "(the server's log names the error)")


class JobEngine(Protocol):
    """Where jobs run. ``submit`` queues one; ``refresh`` notices a job whose worker died."""

    @property
    def store(self) -> JobStore: ...

    @property
    def runner(self) -> JobRunner: ...

    def submit(self, job_id: str, work: SealedWork) -> None: ...

    def queue_length(self) -> int: ...

    def refresh(self, record: JobRecord) -> JobRecord: ...


class ThreadEngine:
    """A bounded thread pool inside the web process; records live in its memory.

    For one process: another web worker cannot see these jobs. Nothing to start, nothing to
    install: a job's LMS token waits in this process's memory (:class:`ProcessVault`), never
    leaves it, and so is not encrypted.
    """

    def __init__(self, app: Flask, config: LMSConfig) -> None:
        self.store = MemoryJobStore()
        self.runner = JobRunner(self.store, ProcessVault(config.jobs_max_queue_time), config)
        self._app = weakref.ref(app)  # the engine lives in app.extensions: no cycle
        self._max_workers = config.jobs_max_workers
        self._executor: ThreadPoolExecutor | None = None
        self._waiting = 0
        self._lock = threading.Lock()

    def submit(self, job_id: str, work: SealedWork) -> None:
        with self._lock:
            if self._executor is None:  # threads start with the first job, not at import
                self._executor = ThreadPoolExecutor(self._max_workers,
                                                    thread_name_prefix="lms-export-job")
            self._waiting += 1
        future = self._executor.submit(self._run, job_id, work)
        future.add_done_callback(functools.partial(self._report, job_id))

    def queue_length(self) -> int:
        return self._waiting

    def shutdown(self, wait: bool = True) -> None:
        """Let the jobs already queued finish (``wait``), then stop the threads."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait)

    def refresh(self, record: JobRecord) -> JobRecord:
        return record  # a thread cannot die alone: the process and its records go together

    def _run(self, job_id: str, work: SealedWork) -> None:
        with self._lock:
            self._waiting -= 1
        app = self._app()
        if app is None:
            return
        with app.app_context():
            state = current_state()
            self.runner.run(state, state.loaders, job_id, work)

    def _report(self, job_id: str, future: Future[None]) -> None:
        """Whatever a job's thread raised past the runner is logged, and the job ends
        ``failed`` rather than staying ``queued`` or ``running`` with no word."""
        error = None if future.cancelled() else future.exception()
        if error is None:
            return
        logger.error("Export job %s stopped on an error outside its run (%s)", job_id[:8],
                     type(error).__name__, exc_info=error)
        fail_unfinished(self.store, job_id, JOB_CRASHED, ttl=self.runner.result_ttl)


class RQEngine:
    """Jobs on RQ: any web worker enqueues, any ``flask lms worker`` runs them. Records, queue
    and heartbeats live under the app's key ``namespace``; Redis failing is a 503."""

    def __init__(self, config: LMSConfig, sealer: Sealer, namespace: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(config.jobs_redis_url or "")
        self.store = RedisJobStore(self.connection, unfinished_ttl=(
            config.jobs_max_queue_time + config.deadline + HARD_TIMEOUT_MARGIN
            + config.jobs_result_ttl), prefix=namespaced(namespace, KEY_PREFIX))
        self.runner = JobRunner(self.store, sealer, config)
        self.queue = Queue(namespaced(namespace, QUEUE_NAME), connection=self.connection)
        self.clock = clock
        self._config = config

    def submit(self, job_id: str, work: SealedWork) -> None:
        with store_errors():
            self.queue.enqueue(
                perform, job_id, work, job_id=job_id,
                # The call string would show the arguments' repr; ours shows no secret, but a
                # description of our own keeps RQ's dashboards from showing even the course.
                description=f"lms_export {work.kind}",
                job_timeout=int(self._config.deadline) + HARD_TIMEOUT_MARGIN,
                ttl=int(self._config.jobs_max_queue_time),
                # Our record holds the outcome; RQ's copy (with the sealed token) goes at once.
                result_ttl=0, failure_ttl=int(self._config.jobs_result_ttl))

    def queue_length(self) -> int:
        with store_errors():
            return len(self.queue)

    def refresh(self, record: JobRecord) -> JobRecord:
        """A job whose worker is gone fails with a clear error instead of running forever:
        RQ gave up on it (its work horse killed, or maintenance cleaned up after a dead
        worker), or its heartbeat has been silent for ``LMS_JOBS_LOST_AFTER`` seconds."""
        if record.finished:
            return record
        with store_errors():
            queued, rq_status = self._rq_job(record.job_id)
            if queued is None and self.clock() - record.queued_at < SUBMIT_GRACE:
                return record  # saved, and about to be enqueued by the request that made it
            if queued is None or rq_status in RQ_GAVE_UP:
                current = fail_unfinished(self.store, record.job_id, WORKER_LOST,
                                          ttl=self._config.jobs_result_ttl) or record
            else:
                current = end_if_lost(self.store, record, lost_after=self._config.jobs_lost_after,
                                      result_ttl=self._config.jobs_result_ttl, clock=self.clock)
            if current.error and current.error.get("detail") == WORKER_LOST:
                if queued is not None:
                    queued.delete()  # with it goes the sealed token
                logger.warning("Export job %s failed: its worker stopped mid-job",
                               record.job_id[:8])
        return current

    def _rq_job(self, job_id: str) -> tuple[Any, Any]:
        """RQ's copy of the job and its status, or ``(None, None)`` once RQ holds it no more:
        it can go between the two reads, since RQ deletes a finished job at once."""
        from rq.exceptions import InvalidJobOperation, NoSuchJobError
        from rq.job import Job

        try:
            queued = Job.fetch(job_id, connection=self.connection)
            return queued, queued.get_status()
        except (NoSuchJobError, InvalidJobOperation):
            return None, None


def perform(job_id: str, work: SealedWork) -> None:
    """RQ's entry point, run by ``flask lms worker`` inside the app's context."""
    state = current_state()
    state.jobs.runner.run(state, state.loaders, job_id, work)


#: What the RQ engine needs installed: a job's LMS token leaves the process, sealed.
RQ_PACKAGES = ("rq", "redis", "cryptography")


def check_engine(config: LMSConfig, secret_key: Any) -> None:
    """Refuse, at start-up, an RQ engine that could not run: a package missing, or no
    ``SECRET_KEY`` to seal a job's LMS token with. The thread pool needs neither."""
    if not config.jobs_redis_url:
        return
    absent = [name for name in RQ_PACKAGES if importlib.util.find_spec(name) is None]
    if absent:
        raise LMSConfigError(f"LMS_JOBS_REDIS_URL is set but {' and '.join(absent)} "
                             f"{'is' if len(absent) == 1 else 'are'} not installed: "
                             f"pip install 'lms-export-blueprint[jobs]'")
    if not secret_key:
        raise LMSConfigError("LMS_JOBS_REDIS_URL is set but SECRET_KEY is not: the LMS "
                             "token of a queued job is sealed with app.config['SECRET_KEY']")


def make_engine(app: Flask, config: LMSConfig) -> JobEngine:
    """RQ when ``LMS_JOBS_REDIS_URL`` is set (checked by :func:`check_engine`); else threads."""
    if config.jobs_redis_url:
        secret_key = app.config.get("SECRET_KEY")
        check_engine(config, secret_key)
        return RQEngine(config, Sealer(secret_key),
                        app_namespace(app.config, app.import_name, config))
    return ThreadEngine(app, config)
