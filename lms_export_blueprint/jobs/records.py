"""The job record (status, progress, result or error) and the stores that keep it.

A record never holds a secret: the sealed LMS token travels with the work (see ``payload``),
not with the status every poll reads.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from ..errors import StoreUnavailable

QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
FINISHED = (SUCCEEDED, FAILED)

#: Our keys carry our own prefix (RQ's are ``rq:...``), so one Redis can hold both.
KEY_PREFIX = "lms_export:job:"


#: What :func:`new_job_id` makes: anything else names no job (and reaches no store key).
JOB_ID = re.compile(r"[A-Za-z0-9_-]{43}")


def new_job_id() -> str:
    """An unguessable id: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class JobStoreUnavailable(StoreUnavailable):
    """503: the job records cannot be read or written (Redis is down)."""

    detail = ("The shared store is unavailable (the export job could not be read or queued); "
              "try again shortly")


@contextmanager
def store_errors() -> Iterator[None]:
    """Redis failing (down, restarting, refusing) is a 503 for the caller, never a 500."""
    from redis.exceptions import RedisError

    try:
        yield
    except RedisError as exc:
        raise JobStoreUnavailable() from exc


@dataclass
class JobRecord:
    """What ``GET lms-exports/<job_id>`` shows, plus who may see it and when it ran."""

    job_id: str
    user_id: str
    #: ``"push"`` or ``"package"``.
    kind: str
    status: str = QUEUED
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    queued_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> JobRecord:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class StoredFile:
    """A package job's file, kept beside its record until the record expires."""

    data: bytes
    content_type: str
    content_disposition: str
    warnings: list[str]


class JobStore(Protocol):
    """Where records live: every process that serves or runs jobs must see the same store."""

    def save(self, record: JobRecord, ttl: float | None = None) -> None: ...

    def load(self, job_id: str) -> JobRecord | None: ...

    def discard(self, job_id: str) -> None: ...

    def save_file(self, job_id: str, stored: StoredFile, ttl: float) -> None: ...

    def load_file(self, job_id: str) -> StoredFile | None: ...

    def beat(self, job_id: str, at: float) -> None:
        """Record that the job's worker was alive at ``at`` (``time.time()``)."""

    def last_beat(self, job_id: str) -> float | None:
        """When the job's worker last said it was alive, or None."""


class MemoryJobStore:
    """Records in this process's memory, for the thread-pool engine; expired ones are dropped
    as others are written."""

    def __init__(self) -> None:
        self._records: dict[str, tuple[JobRecord, float | None]] = {}
        self._files: dict[str, tuple[StoredFile, float]] = {}
        self._beats: dict[str, float] = {}
        self._lock = threading.Lock()

    def save(self, record: JobRecord, ttl: float | None = None) -> None:
        expires_at = None if ttl is None else time.monotonic() + ttl
        with self._lock:
            self._drop_expired()
            self._records[record.job_id] = (JobRecord(**asdict(record)), expires_at)

    def load(self, job_id: str) -> JobRecord | None:
        with self._lock:
            self._drop_expired()
            entry = self._records.get(job_id)
        return None if entry is None else JobRecord(**asdict(entry[0]))

    def discard(self, job_id: str) -> None:
        with self._lock:
            self._records.pop(job_id, None)

    def save_file(self, job_id: str, stored: StoredFile, ttl: float) -> None:
        with self._lock:
            self._files[job_id] = (stored, time.monotonic() + ttl)

    def load_file(self, job_id: str) -> StoredFile | None:
        with self._lock:
            self._drop_expired()
            entry = self._files.get(job_id)
        return None if entry is None else entry[0]

    def beat(self, job_id: str, at: float) -> None:
        with self._lock:
            self._beats[job_id] = at

    def last_beat(self, job_id: str) -> float | None:
        with self._lock:
            return self._beats.get(job_id)

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for job_id in [key for key, (_, at) in self._records.items() if at and at <= now]:
            del self._records[job_id]
            self._beats.pop(job_id, None)
        for job_id in [key for key, (_, at) in self._files.items() if at <= now]:
            del self._files[job_id]


class RedisJobStore:
    """Records as JSON strings in Redis, shared by every web worker and ``flask lms worker``.

    While its job may still run, a record lives ``unfinished_ttl`` seconds from its last
    write (longer than any job can wait and run, so only a record nobody asks about again
    goes); once finished it gets the ``LMS_JOBS_RESULT_TTL`` expiry. It outlives a Redis
    restart as far as the server's own persistence (AOF or RDB) does: see docs/jobs.md.
    Keys start with ``prefix`` (the app's namespace, see docs/jobs.md); a Redis failure is
    :class:`JobStoreUnavailable`.
    """

    def __init__(self, connection: Any, unfinished_ttl: float, prefix: str = KEY_PREFIX) -> None:
        self.connection = connection
        self.unfinished_ttl = unfinished_ttl
        self.prefix = prefix

    def save(self, record: JobRecord, ttl: float | None = None) -> None:
        expiry = self.unfinished_ttl if ttl is None else ttl
        with store_errors():
            self.connection.set(self.prefix + record.job_id, record.to_json(),
                                ex=max(1, int(expiry)))

    def load(self, job_id: str) -> JobRecord | None:
        with store_errors():
            text = self.connection.get(self.prefix + job_id)
        return None if text is None else JobRecord.from_json(text)

    def discard(self, job_id: str) -> None:
        with store_errors():
            self.connection.delete(self.prefix + job_id)

    def save_file(self, job_id: str, stored: StoredFile, ttl: float) -> None:
        key = self.prefix + job_id + ":file"
        meta = json.dumps({"content_type": stored.content_type, "warnings": stored.warnings,
                           "content_disposition": stored.content_disposition})
        with store_errors():
            self.connection.hset(key, mapping={"data": stored.data, "meta": meta})
            self.connection.expire(key, max(1, int(ttl)))

    def load_file(self, job_id: str) -> StoredFile | None:
        with store_errors():
            entry = self.connection.hgetall(self.prefix + job_id + ":file")
        if not entry:
            return None
        meta = json.loads(entry[b"meta"])
        return StoredFile(entry[b"data"], meta["content_type"], meta["content_disposition"],
                          meta["warnings"])

    def beat(self, job_id: str, at: float) -> None:
        with store_errors():
            self.connection.set(self.prefix + job_id + ":beat", repr(at),
                                ex=max(1, int(self.unfinished_ttl)))

    def last_beat(self, job_id: str) -> float | None:
        with store_errors():
            text = self.connection.get(self.prefix + job_id + ":beat")
        return None if text is None else float(text)
