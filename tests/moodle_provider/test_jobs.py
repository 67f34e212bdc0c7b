"""A Moodle push as a background job (docs/jobs.md): the same body, progress that ends done."""

from __future__ import annotations

import time

import pytest
from host_app import create_app

from .conftest import ALL_ASSETS, BEARER, push

ASYNC = {"Prefer": "respond-async"}
JOB_SECONDS = 60


@pytest.fixture
def app(moodle_config):
    app = create_app(moodle_config)
    yield app
    engine = app.extensions["lms_export"].jobs(app)
    if hasattr(engine, "shutdown"):  # a job left running would reach the next test's double
        engine.shutdown()


def _finished(client, job_id: str) -> dict:
    give_up = time.monotonic() + JOB_SECONDS
    while (body := client.get(f"/api/lms-exports/{job_id}", headers=BEARER).get_json())[
            "status"] not in ("succeeded", "failed"):
        assert time.monotonic() < give_up, body
        time.sleep(0.02)
    return body


def test_the_job_result_is_the_synchronous_body_and_progress_ends_done(client, moodle, manager,
                                                                       lms_token):
    key = {"Idempotency-Key": "moodle-job-1"}
    sent_before = len(moodle.calls)  # the login's; the push's own start once it is queued
    queued = client.post("/api/courses/bio-101/push-to-lms",
                         json={"asset_names": ALL_ASSETS},
                         headers={**BEARER, **ASYNC, **key, "X-LMS-Token": lms_token})
    assert queued.status_code == 202, queued.json
    finished = _finished(client, queued.json["job_id"])

    assert finished["status"] == "succeeded", finished
    requests = len(moodle.calls) - sent_before
    assert finished["progress"] == {"done": requests, "total": requests}
    # The same key again: Moodle answers the quizzes and the course the job made.
    synchronous = push(client, lms_token, headers=key)
    assert synchronous.json == finished["result"]
    assert len(moodle.courses) == 1 and len(moodle.modules) == 3
