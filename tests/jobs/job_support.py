"""Helpers for the job tests: send with ``Prefer: respond-async``, poll until the job ends."""

from __future__ import annotations

import time
from typing import Any

from conftest import ALL_ASSETS, BEARER

ASYNC = {"Prefer": "respond-async"}
#: Longest wait for a job to end; a bounded loop, never a hang.
JOB_SECONDS = 60


def push_async(client: Any, lms_token: str | None, course_id: str = "bio-101",
               headers: dict[str, str] | None = None, **body: Any) -> Any:
    sent = {**BEARER, **ASYNC, **(headers or {})}
    if lms_token is not None:
        sent["X-LMS-Token"] = lms_token
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body, headers=sent)


def package_async(client: Any, package: str = "imscc", course_id: str = "bio-101") -> Any:
    return client.post(f"/api/courses/{course_id}/export-package",
                       json={"asset_names": ALL_ASSETS, "package": package},
                       headers={**BEARER, **ASYNC})


def job_status(client: Any, job_id: str, headers: dict[str, str] = BEARER) -> Any:
    return client.get(f"/api/lms-exports/{job_id}", headers=headers)


def wait_for(client: Any, job_id: str, statuses: tuple[str, ...] = ("succeeded", "failed"),
             seconds: float = JOB_SECONDS) -> dict[str, Any]:
    """The job's status body once its status is one of ``statuses``."""
    give_up = time.monotonic() + seconds
    while True:
        body = job_status(client, job_id).get_json()
        if body["status"] in statuses or time.monotonic() > give_up:
            assert body["status"] in statuses, body
            return body
        time.sleep(0.02)
