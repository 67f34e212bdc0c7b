"""Runs one job: the LMS part of a push or the build of a package, into a result or an error.

The result is the body the synchronous call answers with; the error is its error body plus
``"status"``. Whatever happens, the record ends ``succeeded`` or ``failed``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..config import LMSConfig
from ..errors import CourseNotFound, LMSExportError, LMSTimeout
from ..export import one_push_per_key, send_push
from ..formats.content import load_content
from ..loaders import Loaders
from ..packages import PACKAGES, export_package
from ..sealing import SealError, SecretKeeper
from ..selection import check_asset_types, load_assets
from ..signals import send_job_finished
from ..state import AppState
from .liveness import Heartbeat
from .payload import PACKAGE, SealedWork, open_push
from .records import FAILED, RUNNING, SUCCEEDED, JobRecord, JobStore, StoredFile

logger = logging.getLogger(__name__)


class JobExpired(LMSExportError):
    """The job waited in the queue longer than its sealed token may live."""

    status = 504
    detail = ("The export waited in the queue longer than LMS_JOBS_MAX_QUEUE_TIME and was not "
              "started: send it again")


class JobNotFound(LMSExportError):
    status = 404
    detail = "Export job not found"


def check_package(loaders: Loaders, course_id: str, selection: dict[str, Any]) -> None:
    """A package's checks, in export_package's order, without building it: 404s and 422s
    answer at once, before a job is queued."""
    if loaders.load_course(course_id) is None:
        raise CourseNotFound()
    assets = load_assets(loaders, course_id, selection["asset_names"])
    check_asset_types(assets, selection.get("asset_type"))
    for asset in assets:
        load_content(asset)


class JobRunner:
    """Turns sealed work into a finished record, for either engine."""

    def __init__(self, store: JobStore, sealer: SecretKeeper, config: LMSConfig) -> None:
        self.store = store
        self.sealer = sealer
        self.result_ttl = config.jobs_result_ttl
        self.max_queue_time = config.jobs_max_queue_time
        self.lost_after = config.jobs_lost_after

    def run(self, state: AppState, loaders: Loaders, job_id: str, work: SealedWork) -> None:
        record = self.store.load(job_id)
        if record is None or record.finished:
            return  # expired, or finished by an earlier delivery of the same job
        record.status, record.started_at = RUNNING, time.time()
        with Heartbeat(self.store, job_id, self.lost_after):  # beats before "running" is seen
            self.store.save(record)
            try:
                with state.transport.operation():  # one LMS_DEADLINE, counted from the job's start
                    record.result = self._perform(state, loaders, record, work)
                record.status = SUCCEEDED
            except Exception as exc:  # every failure ends the job; none may leave it "running"
                record.error, record.status = self._error_body(exc, record), FAILED
        # After the heartbeat stopped: a worker lost before this save leaves a silent job.
        record.finished_at = time.time()
        self.store.save(record, ttl=self.result_ttl)
        send_job_finished(record)

    def _perform(self, state: AppState, loaders: Loaders, record: JobRecord,
                 work: SealedWork) -> dict[str, Any]:
        progress = self._progress(record)
        if work.kind == PACKAGE:
            return self._build_package(state, loaders, record, work, progress)
        try:
            prepared = open_push(work, self.sealer, self.max_queue_time)
        except SealError:
            raise JobExpired() from None
        # the same claim a push in the request takes: a job and a push with one key never
        # run side by side; a job that ended (its worker killed) gives its claim up at once
        with one_push_per_key(state, prepared.scoped_key, run=record.job_id,
                              ended=self._ended):
            return send_push(state, prepared, progress=progress)

    def _ended(self, run: str) -> bool:
        """True when the claim's holder is a job that has finished (a push in the request
        holds it under a name no job has)."""
        try:
            holder = self.store.load(run)
        except LMSExportError:  # not a job id, or the store cannot tell: the claim stands
            return False
        return holder is not None and holder.finished

    def _build_package(self, state: AppState, loaders: Loaders, record: JobRecord,
                       work: SealedWork, progress: Callable[[int, int], None]) -> dict[str, Any]:
        selection = work.details
        total = len(selection["asset_names"])
        loaded = 0

        def counted_asset(course_id: str, asset_name: str) -> Any:
            nonlocal loaded
            asset = loaders.asset(course_id, asset_name)
            loaded += 1
            progress(loaded, total)
            return asset

        built = export_package(replace(loaders, asset=counted_asset),
                               PACKAGES[selection["package"]], course_id=work.course_id,
                               request=selection)
        self.store.save_file(record.job_id, StoredFile(
            built.data, built.content_type, built.content_disposition, built.warnings),
            ttl=self.result_ttl)
        return {"success": True, "message": "Package built", "data": {
            "file": f"{state.config.url_prefix}/lms-exports/{record.job_id}/file",
            "file_name": built.file_name, "content_type": built.content_type,
            "size": len(built.data), "warnings": built.warnings}}

    def _progress(self, record: JobRecord) -> Callable[[int, int], None]:
        def advance(done: int, total: int) -> None:
            record.done, record.total = done, total
            self.store.save(record)
        return advance

    def _error_body(self, exc: Exception, record: JobRecord) -> dict[str, Any]:
        if not isinstance(exc, LMSExportError):
            ran_for = time.time() - (record.started_at or time.time())
            logger.error("Export job %s failed after %.1f s (%s)", record.job_id[:8], ran_for,
                         type(exc).__name__, exc_info=not _is_deadline(exc))
            exc = LMSTimeout() if _is_deadline(exc) else LMSExportError(
                "Internal error while exporting to the LMS")
        body = {**exc.to_body(), "status": exc.status}
        # A poll has no headers of the LMS's answer: a 429's Retry-After travels in the body.
        if exc.headers.get("Retry-After"):
            body["retry_after"] = exc.headers["Retry-After"]
        return body


def _is_deadline(exc: Exception) -> bool:
    """RQ's hard job timeout (raised inside the job) ends it as a 504 would."""
    return type(exc).__name__ == "JobTimeoutException"
