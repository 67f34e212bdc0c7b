"""Two engines behind one small interface: a thread pool in the app, or RQ on Redis."""

from __future__ import annotations

import logging
import secrets
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from flask import Flask

from ..config import LMSConfig
from ..sealing import Sealer
from ..state import current_state
from .payload import SealedWork
from .records import FAILED, JobRecord, JobStore, MemoryJobStore, RedisJobStore
from .runner import JobRunner

logger = logging.getLogger(__name__)

#: The RQ queue every web worker enqueues on and every ``flask lms worker`` listens to.
QUEUE_NAME = "lms_export"
#: Seconds RQ allows a job past LMS_DEADLINE before it stops it (the deadline ends it first).
HARD_TIMEOUT_MARGIN = 30

#: Seconds between a job's record being saved and RQ holding the job.
SUBMIT_GRACE = 5.0

#: Token-store backends that live in one process: RQ's work horse is a fork, gone after its job.
PROCESS_LOCAL_CACHES = ("SimpleCache", "NullCache")
LEDGER_NOT_SHARED = ("LMS_PROVIDER is canvas but the token store's cache is %s: the Canvas "
                     "retry ledger lives in each job's work horse and is lost with it, so a "
                     "failed job sent again may create a second course or quiz. Set "
                     "LMS_TOKEN_CACHE_TYPE = \"RedisCache\" on every web and worker process")

WORKER_LOST = ("The worker running this export stopped before it finished (it was killed or "
               "crashed). Part of it may have reached the LMS: push again with the same "
               "Idempotency-Key, and the LMS replays what already landed")


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

    For one process: another web worker cannot see these jobs. Nothing to start.
    """

    def __init__(self, app: Flask, config: LMSConfig, secret_key: str | bytes | None) -> None:
        self.store = MemoryJobStore()
        self._secret_key = secret_key
        self._config = config
        self._runner: JobRunner | None = None
        self._app = weakref.ref(app)  # the engine lives in app.extensions: no cycle
        self._max_workers = config.jobs_max_workers
        self._executor: ThreadPoolExecutor | None = None
        self._waiting = 0
        self._lock = threading.Lock()

    @property
    def runner(self) -> JobRunner:
        """Made at the first job: an app that never queues one needs no ``cryptography``."""
        with self._lock:
            if self._runner is None:
                # Nothing here outlives the process: without SECRET_KEY, a key of its own.
                sealer = Sealer(self._secret_key or secrets.token_bytes(32))
                self._runner = JobRunner(self.store, sealer,
                                         result_ttl=self._config.jobs_result_ttl,
                                         max_queue_time=self._config.jobs_max_queue_time)
            return self._runner

    def submit(self, job_id: str, work: SealedWork) -> None:
        with self._lock:
            if self._executor is None:  # threads start with the first job, not at import
                self._executor = ThreadPoolExecutor(self._max_workers,
                                                    thread_name_prefix="lms-export-job")
            self._waiting += 1
        self._executor.submit(self._run, job_id, work)

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


class RQEngine:
    """Jobs on RQ: any web worker enqueues, any ``flask lms worker`` runs them."""

    def __init__(self, config: LMSConfig, sealer: Sealer) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(config.jobs_redis_url or "")
        self.store = RedisJobStore(self.connection, unfinished_ttl=(
            config.jobs_max_queue_time + config.deadline + HARD_TIMEOUT_MARGIN
            + config.jobs_result_ttl))
        self.runner = JobRunner(self.store, sealer, result_ttl=config.jobs_result_ttl,
                                max_queue_time=config.jobs_max_queue_time)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)
        self._config = config

    def submit(self, job_id: str, work: SealedWork) -> None:
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
        return len(self.queue)

    def refresh(self, record: JobRecord) -> JobRecord:
        """A job RQ gave up on (its work horse killed, or its worker gone and cleaned up by
        another worker's maintenance) fails with a clear error instead of running forever."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        if record.finished:
            return record
        try:
            queued = Job.fetch(record.job_id, connection=self.connection)
        except NoSuchJobError:
            queued = None
        if queued is not None and queued.get_status() not in (
                JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            return record
        if queued is None and time.time() - record.queued_at < SUBMIT_GRACE:
            return record  # saved, and about to be enqueued by the request that made it
        current = self.store.load(record.job_id)  # it may have finished meanwhile
        if current is None or current.finished:
            return current or record
        current.status, current.finished_at = FAILED, time.time()
        current.error = {"detail": WORKER_LOST, "status": 500}
        self.store.save(current, ttl=self._config.jobs_result_ttl)
        if queued is not None:
            queued.delete()  # with it goes the sealed token
        logger.warning("Export job %s failed: its worker stopped mid-job", record.job_id[:8])
        return current


def perform(job_id: str, work: SealedWork) -> None:
    """RQ's entry point, run by ``flask lms worker`` inside the app's context."""
    state = current_state()
    state.jobs.runner.run(state, state.loaders, job_id, work)


def check_engine(config: LMSConfig, secret_key: Any) -> None:
    """Refuse, at start-up, an RQ engine that could not seal a job's LMS token."""
    if config.jobs_redis_url and not secret_key:
        raise RuntimeError("LMS_JOBS_REDIS_URL is set but SECRET_KEY is not: the LMS "
                           "token of a queued job is sealed with app.config['SECRET_KEY']")


def make_engine(app: Flask, config: LMSConfig) -> JobEngine:
    """RQ when ``LMS_JOBS_REDIS_URL`` is set (checked by :func:`check_engine`); else threads."""
    secret_key = app.config.get("SECRET_KEY")
    if config.jobs_redis_url:
        check_engine(config, secret_key)
        return RQEngine(config, Sealer(secret_key))
    return ThreadEngine(app, config, secret_key)


def warn_if_ledger_not_shared() -> None:
    """A Canvas ledger in a process-local cache cannot make a retried job safe (docs/jobs.md)."""
    state = current_state()
    backend = type(state.store.cache).__name__
    if state.provider.needs_shared_store and backend in PROCESS_LOCAL_CACHES:
        logger.warning(LEDGER_NOT_SHARED, backend)


def run_worker(engine: JobEngine, *, burst: bool = False, **options: Any) -> bool:
    """An RQ worker on the extension's queue, in this process's app context."""
    from rq import Worker

    if not isinstance(engine, RQEngine):
        raise RuntimeError("LMS_JOBS_REDIS_URL is not set: jobs run in the web process's "
                           "thread pool and need no worker")
    warn_if_ledger_not_shared()
    worker = Worker([engine.queue], connection=engine.connection, **options)
    return bool(worker.work(burst=burst, with_scheduler=False))
