"""A push to Google Classroom as a background job (Prefer: respond-async)."""

from __future__ import annotations

import time

import pytest
from host_app import create_app

from .conftest import ALL_ASSETS, BEARER

ASYNC = {"Prefer": "respond-async"}


@pytest.fixture
def app(google_config):
    app = create_app(google_config)
    yield app
    engine = app.extensions["lms_export"].jobs(app)
    if hasattr(engine, "shutdown"):  # a job left running would reach the next test's double
        engine.shutdown()


def test_a_push_as_a_job_lands_and_reports_progress_to_the_end(client, google, lms_token):
    started = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": ALL_ASSETS},
                          headers={**BEARER, **ASYNC, "X-LMS-Token": lms_token})
    assert started.status_code == 202, started.json

    give_up = time.monotonic() + 60
    while True:  # bounded: a job that never ends fails the test, it does not hang it
        status = client.get(f"/api/lms-exports/{started.json['job_id']}",
                            headers=BEARER).get_json()
        if status["status"] in ("succeeded", "failed") or time.monotonic() > give_up:
            break
        time.sleep(0.02)

    assert status["status"] == "succeeded", status
    assert status["progress"]["done"] == status["progress"]["total"] == len(google.calls)
    assert status["result"]["data"]["lms_content_ids"] == [
        *google.course_work[status["result"]["data"]["lms_course_id"]],
        *google.materials[status["result"]["data"]["lms_course_id"]]]
