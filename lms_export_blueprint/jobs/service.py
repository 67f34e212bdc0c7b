"""Starting a job after the checks passed, and reading it back for its owner."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Mapping
from typing import Any

from ..errors import RequestInvalid
from ..export import PreparedPush, prepare_push
from ..masking import fingerprint
from ..sealing import SealError
from ..signals import send_job_queued
from ..state import AppState
from ..tokens import claim
from .engines import JobEngine
from .payload import PACKAGE, SealedWork, package_work, seal_push
from .records import FAILED, JOB_ID, SUCCEEDED, JobRecord, StoredFile, new_job_id
from .runner import JobNotFound, check_package

#: Prefixed by us, like the token store's keys (SimpleCache ignores CACHE_KEY_PREFIX).
JOB_KEY_PREFIX = "lms_export:job-key:"


def start_push(engine: JobEngine, state: AppState, prepared: PreparedPush,
               idempotency_key: str | None) -> JobRecord:
    """Queue the LMS part of a checked push; the same key from the same user, the same job.

    Its progress total is the provider's plan (Canvas: a request per question and page), so
    the 202's job shows it before a worker takes it up."""
    total = state.provider.requests_planned(prepared.to_push())
    return _start(engine, state, prepared.user_id, seal_push(prepared, engine.runner.sealer),
                  idempotency_key, total)


def start_package(engine: JobEngine, state: AppState, user_id: str, course_id: str,
                  selection: dict[str, Any], idempotency_key: str | None) -> JobRecord:
    return _start(engine, state, user_id, package_work(course_id, selection), idempotency_key,
                  total=len(selection["asset_names"]))


def find_job(engine: JobEngine, user_id: str, job_id: str) -> JobRecord:
    """The user's own job, or JobNotFound: another user's job is as unknown as none, and so is
    an id :func:`new_job_id` could not have made (it never reaches the store)."""
    if not JOB_ID.fullmatch(job_id):
        raise JobNotFound()
    record = engine.store.load(job_id)
    if record is None or record.user_id != user_id:
        raise JobNotFound()
    return engine.refresh(record)


def job_file(engine: JobEngine, user_id: str, job_id: str) -> StoredFile:
    """The file of the user's succeeded package job, or JobNotFound."""
    record = find_job(engine, user_id, job_id)
    stored = engine.store.load_file(job_id) if record.status == SUCCEEDED else None
    if stored is None:
        raise JobNotFound("No file for this job: it is not a package job, it has not "
                          "succeeded (yet), or its file expired")
    return stored


def status_body(record: JobRecord) -> dict[str, Any]:
    return {"job_id": record.job_id, "status": record.status,
            "progress": {"done": record.done, "total": record.total},
            "result": record.result, "error": record.error}


def _start(engine: JobEngine, state: AppState, user_id: str, work: SealedWork,
           idempotency_key: str | None, total: int) -> JobRecord:
    record = JobRecord(new_job_id(), user_id, work.kind, total=total)
    # Saved before the key is claimed, so a second request holding the same key finds it.
    engine.store.save(record)
    if idempotency_key:
        try:
            earlier = _claim_key(engine, state, record, idempotency_key, _request_of(work))
        except RequestInvalid:
            _forget(engine, record, work)
            raise
        if earlier is not None:
            _forget(engine, record, work)
            return earlier
    engine.submit(record.job_id, work)
    send_job_queued(record)
    return record


def _claim_key(engine: JobEngine, state: AppState, record: JobRecord, idempotency_key: str,
               request: str | None) -> JobRecord | None:
    """The job that already holds this user's key, or None when ``record`` takes it; a 422
    when the key came with another course or body (``request``), as for a push.

    A failed (or expired) job gives its key up: sending again is how a teacher retries, and
    the LMS replays, under the same scoped key, whatever the failed job had already created.
    """
    ttl = int(state.config.jobs_result_ttl + state.config.jobs_max_queue_time)
    key = JOB_KEY_PREFIX + fingerprint(f"{record.user_id}\n{record.kind}\n{idempotency_key}")
    entry = {"job_id": record.job_id, "request": request, "expires_at": time.time() + ttl}
    holder = claim(state.store, key, entry, ttl)
    if holder is None or holder.get("job_id") == record.job_id:
        return None
    if request is not None and holder.get("request", request) != request:
        reason = "already used with a different course or body; send a new key"
        raise RequestInvalid(f"Invalid request: Idempotency-Key '{idempotency_key[:100]}' "
                             f"{reason}", errors={"Idempotency-Key": [reason]})
    earlier = engine.store.load(holder["job_id"])
    if earlier is not None and earlier.user_id == record.user_id:
        earlier = engine.refresh(earlier)
        if earlier.status != FAILED:
            return earlier
    state.store.set(key, entry, timeout=ttl)
    return None



def _request_of(work: SealedWork) -> str | None:
    """What a package's key names: its course and body. A push's key was already held to its
    course and body by ``prepare_push`` (the same 422), before its assets were loaded."""
    if work.kind != PACKAGE:
        return None
    return fingerprint(json.dumps({"course_id": work.course_id, "selection": work.details},
                                  sort_keys=True))


def _forget(engine: JobEngine, record: JobRecord, work: SealedWork) -> None:
    """A job that will not be queued: its record goes, and its token with it."""
    engine.store.discard(record.job_id)
    if work.sealed_token:
        with contextlib.suppress(SealError):
            engine.runner.sealer.unseal(work.sealed_token)  # a vault forgets what it hands out


def queue_push(engine: JobEngine, state: AppState, *, user_id: str, course_id: str,
               push: Mapping[str, Any], lms_token: str | None,
               idempotency_key: str | None) -> JobRecord:
    """Every check of a push answers now, as without ``Prefer``; the LMS part is queued."""
    with state.transport.operation():
        prepared = prepare_push(state, user_id=user_id, course_id=course_id, push=push,
                                lms_token=lms_token, idempotency_key=idempotency_key)
    return start_push(engine, state, prepared, idempotency_key)


def queue_package(engine: JobEngine, state: AppState, *, user_id: str, course_id: str,
                  selection: dict[str, Any], idempotency_key: str | None) -> JobRecord:
    """A package's 404s and 422s answer now; the build is queued."""
    check_package(state.loaders, course_id, selection)
    return start_package(engine, state, user_id, course_id, selection, idempotency_key)
