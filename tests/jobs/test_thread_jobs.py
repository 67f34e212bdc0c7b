"""Background jobs (docs/jobs.md) on the default engine (a thread pool in the app): checks
answer at once, the job's result is the synchronous body, its error the error body with its
status."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import unquote

import pytest
from conftest import ALL_ASSETS, BEARER, HOST_TOKEN, OTHER_HOST_TOKEN, push
from job_support import ASYNC, job_status, package_async, push_async, wait_for

from lms_export_blueprint.jobs.payload import seal_push
from lms_export_blueprint.signals import lms_job_finished, lms_job_queued


@pytest.fixture(autouse=True)
def finish_every_job(app):
    """A job left running would reach the next test's LMS double."""
    yield
    app.extensions["lms_export"].jobs(app).shutdown()


def test_a_push_with_prefer_respond_async_is_accepted_with_a_job_to_poll(client, lms_token):
    response = push_async(client, lms_token)

    assert response.status_code == 202
    assert response.json == {"job_id": response.json["job_id"], "status": "queued"}
    assert response.headers["Location"] == f"/api/lms-exports/{response.json['job_id']}"
    assert response.headers["Preference-Applied"] == "respond-async"


def test_the_job_result_is_byte_for_byte_the_synchronous_body(app, client, lms_token):
    key = {"Idempotency-Key": "same-push"}  # the LMS replays: the same course both times
    synchronous = client.post("/api/courses/bio-101/push-to-lms", json={
        "asset_names": ALL_ASSETS}, headers={**BEARER, **key, "X-LMS-Token": lms_token})

    job_id = push_async(client, lms_token, headers=key).json["job_id"]
    finished = wait_for(client, job_id)
    status = job_status(client, job_id)

    assert finished["status"] == "succeeded" and finished["error"] is None
    assert synchronous.status_code == 200
    assert b'"result":' + synchronous.get_data().strip() + b"," in status.get_data()


def test_progress_counts_the_lms_request_of_the_generic_api(client, lms_token):
    job_id = push_async(client, lms_token).json["job_id"]

    assert wait_for(client, job_id)["progress"] == {"done": 1, "total": 1}


@pytest.mark.live_lms
def test_progress_shows_the_job_running_before_it_succeeds(client, lms, lms_token):
    lms.latency = 1.0  # the LMS answers slowly: the job is seen running

    job_id = push_async(client, lms_token).json["job_id"]
    running = wait_for(client, job_id, ("running",))
    finished = wait_for(client, job_id)

    assert running["progress"] == {"done": 0, "total": 1} and running["result"] is None
    assert finished["status"] == "succeeded"


@pytest.mark.parametrize(("case", "status"), [
    ("no bearer", 401), ("invalid body", 422), ("no LMS token", 401), ("mock token", 400),
    ("unknown course", 404), ("missing asset", 404),
])
def test_every_check_up_to_the_assets_answers_at_once_as_without_the_header(
        client, lms_token, lms, case, status):
    headers, token, course, body = {}, lms_token, "bio-101", {}
    if case == "no bearer":
        headers = {"Authorization": "Bearer nobody"}
    elif case == "invalid body":
        body = {"publsh": True}
    elif case == "no LMS token":
        token = None
    elif case == "mock token":
        token = "mock_lms_token_for_testing_teacher-"
    elif case == "unknown course":
        course = "no-such-course"
    else:
        body = {"asset_names": ["photosynthesis-quiz", "no-such-asset"]}

    synchronous = push(client, token, course, **body) if case != "no bearer" else None
    answer = push_async(client, token, course, headers=headers, **body)

    assert answer.status_code == status and "Location" not in answer.headers
    if synchronous is not None:
        assert (synchronous.status_code, synchronous.json) == (status, answer.json)
    assert lms.calls_to("POST", "/courses") == []


def test_an_asset_that_fails_validation_is_a_422_before_any_job(app, client, lms_token, lms):
    from host_app import COURSES

    COURSES["bio-101"]["assets"]["broken"] = {"asset_type": "quiz", "title": "Broken",
                                               "questions": [{"type": "nonsense"}]}
    try:
        answer = push_async(client, lms_token, asset_names=["broken"])
    finally:
        del COURSES["bio-101"]["assets"]["broken"]

    assert answer.status_code == 422
    assert answer.json["detail"].startswith("Invalid asset data: broken")
    assert lms.calls_to("POST", "/courses") == []


def test_an_lms_refusal_fails_the_job_with_the_error_body_and_its_status(client, lms,
                                                                         lms_token):
    lms.fail_next(403, path="/courses")

    job_id = push_async(client, lms_token).json["job_id"]
    failed = wait_for(client, job_id)

    assert failed["status"] == "failed" and failed["result"] is None
    assert failed["error"] == {"detail": "Insufficient permissions for LMS operation",
                               "status": 403}


@pytest.mark.live_lms
@pytest.mark.parametrize("app_config", [{"LMS_DEADLINE": 0.5, "LMS_RETRY_ATTEMPTS": 0,
                                         "TESTING": True}])
def test_a_job_past_lms_deadline_fails_as_a_504_would(client, lms, lms_token):
    lms.timeout_next(seconds=3, path="/courses")

    failed = wait_for(client, push_async(client, lms_token).json["job_id"])

    assert failed["error"] == {
        "detail": "Request timeout - LMS server took too long to respond", "status": 504}


def test_another_users_job_is_a_404_like_a_job_that_never_was(client, lms_token):
    job_id = push_async(client, lms_token).json["job_id"]
    wait_for(client, job_id)

    stranger = job_status(client, job_id, {"Authorization": f"Bearer {OTHER_HOST_TOKEN}"})
    unknown = job_status(client, "x" * 43)

    assert (stranger.status_code, stranger.json) == (unknown.status_code, unknown.json)
    assert stranger.status_code == 404


def test_the_status_route_needs_the_host_bearer(client, lms_token):
    job_id = push_async(client, lms_token).json["job_id"]

    assert client.get(f"/api/lms-exports/{job_id}").status_code == 401


def test_job_ids_are_long_random_and_url_safe(client, lms_token):
    ids = {push_async(client, lms_token).json["job_id"] for _ in range(3)}

    assert len(ids) == 3
    assert all(len(job_id) >= 43 and job_id.replace("-", "").replace("_", "").isalnum()
               for job_id in ids)


def test_the_same_idempotency_key_from_the_same_user_gives_the_same_job(client, lms,
                                                                        lms_token):
    key = {"Idempotency-Key": "push-once"}
    first = push_async(client, lms_token, headers=key)
    wait_for(client, first.json["job_id"])

    again = push_async(client, lms_token, headers=key)

    assert again.status_code == 202 and again.json["job_id"] == first.json["job_id"]
    assert again.json["status"] == "succeeded"
    assert len(lms.calls_to("POST", "/courses")) == 1


def test_a_failed_job_gives_its_key_up_and_the_retry_lands_one_course(client, lms,
                                                                      lms_token):
    key = {"Idempotency-Key": "retry-me"}
    lms.fail_next(403, path="/courses")
    failed = push_async(client, lms_token, headers=key).json["job_id"]
    assert wait_for(client, failed)["status"] == "failed"

    retried = push_async(client, lms_token, headers=key).json["job_id"]

    assert retried != failed
    assert wait_for(client, retried)["status"] == "succeeded"
    assert len(lms.courses) == 1


@pytest.mark.parametrize("app_config", [{"LMS_JOBS_RESULT_TTL": 0.5, "TESTING": True}])
def test_finished_jobs_expire_after_lms_jobs_result_ttl(client, lms_token):
    job_id = push_async(client, lms_token).json["job_id"]
    wait_for(client, job_id)

    time.sleep(1.2)

    assert job_status(client, job_id).status_code == 404


def test_a_package_job_links_the_same_file_the_synchronous_call_sends(client):
    synchronous = client.post("/api/courses/bio-101/export-package", headers=BEARER,
                              json={"asset_names": ALL_ASSETS, "package": "gift"})
    accepted = package_async(client, "gift")

    finished = wait_for(client, accepted.json["job_id"])
    link = finished["result"]["data"]["file"]
    downloaded = client.get(link, headers=BEARER)

    assert accepted.status_code == 202 and finished["status"] == "succeeded"
    assert link == f"/api/lms-exports/{accepted.json['job_id']}/file"
    assert finished["progress"] == {"done": len(ALL_ASSETS), "total": len(ALL_ASSETS)}
    assert downloaded.get_data() == synchronous.get_data()
    for header in ("Content-Type", "Content-Disposition", "X-LMS-Package-Warnings"):
        assert downloaded.headers[header] == synchronous.headers[header]
    # The job's result lists the package's warnings in full, as the package itself does.
    assert finished["result"]["data"]["warnings"] == [
        unquote(w) for w in synchronous.headers["X-LMS-Package-Warnings"].split("; ")]


def test_a_package_job_checks_the_course_at_once(client):
    answer = package_async(client, course_id="no-such-course")

    assert answer.status_code == 404 and answer.json == {"detail": "Course not found"}


def test_a_push_job_has_no_file(client, lms_token):
    job_id = push_async(client, lms_token).json["job_id"]
    wait_for(client, job_id)

    assert client.get(f"/api/lms-exports/{job_id}/file", headers=BEARER).status_code == 404


def test_the_lms_token_reaches_no_log_line_and_no_repr(client, lms_token, caplog, app):
    caplog.set_level(logging.DEBUG)

    job_id = push_async(client, lms_token).json["job_id"]
    finished = wait_for(client, job_id)
    engine = app.extensions["lms_export"].jobs(app)
    record = engine.store.load(job_id)

    assert finished["status"] == "succeeded"
    assert lms_token not in caplog.text
    assert lms_token not in repr(record) and lms_token not in record.to_json()


def test_sealed_work_shows_no_token_and_opens_only_under_the_key(app, lms_token):
    from lms_export_blueprint.export import PreparedPush
    from lms_export_blueprint.sealing import Sealer

    prepared = PreparedPush("teacher-1", "bio-101", lms_token, ["quiz"], None, "Biology", None,
                            True, "lms_standard", "k")
    work = seal_push(prepared, Sealer("one key"))

    assert lms_token not in repr(work) and lms_token not in json.dumps(work.details)
    assert lms_token not in (work.sealed_token or "")


def test_signals_tell_a_job_queued_and_finished_with_its_duration(app, client, lms_token):
    queued, finished = [], []
    lms_job_queued.connect(lambda sender, **kw: queued.append(kw), sender=app, weak=False)
    lms_job_finished.connect(lambda sender, **kw: finished.append(kw), sender=app, weak=False)

    wait_for(client, push_async(client, lms_token).json["job_id"])
    app.extensions["lms_export"].jobs(app).shutdown()  # the signal follows the last save

    assert queued == [{"kind": "push", "user_id": "teacher-1"}]
    assert finished[0]["success"] is True and finished[0]["kind"] == "push"
    assert finished[0]["duration"] >= 0 and finished[0]["queued_for"] >= 0


def test_the_redis_engine_is_refused_without_a_secret_key():
    from host_app import create_app

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"LMS_JOBS_REDIS_URL": "redis://127.0.0.1:1/0"})


def test_a_non_redis_url_is_refused_naming_the_key():
    from host_app import create_app

    with pytest.raises(ValueError, match="LMS_JOBS_REDIS_URL"):
        create_app({"LMS_JOBS_REDIS_URL": "localhost:6379", "SECRET_KEY": "k"})


def test_flask_lms_worker_says_no_worker_is_needed_without_redis(app):
    result = app.test_cli_runner().invoke(args=["lms", "worker", "--burst"])

    assert result.exit_code == 2 and "LMS_JOBS_REDIS_URL is not set" in result.output


def test_a_prefer_header_without_respond_async_answers_synchronously(client, lms_token):
    answer = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": ALL_ASSETS},
                         headers={**BEARER, "X-LMS-Token": lms_token,
                                  "Prefer": "return=minimal"})

    assert answer.status_code == 200 and answer.json["success"] is True


def test_prefer_with_other_preferences_still_runs_async(client, lms_token):
    answer = push_async(client, lms_token, headers={"Prefer": "wait=5, respond-async"})

    assert answer.status_code == 202
    assert answer.headers["Preference-Applied"] == "respond-async"


@pytest.mark.parametrize("app_config", [{"LMS_PROMETHEUS_METRICS": True, "TESTING": True}])
def test_prometheus_times_each_job_and_counts_the_waiting_ones(client, lms_token):
    from prometheus_client import REGISTRY

    def finished_jobs() -> float:
        return REGISTRY.get_sample_value("lms_export_job_duration_seconds_count",
                                         {"kind": "push", "outcome": "success"}) or 0.0
    before = finished_jobs()

    wait_for(client, push_async(client, lms_token).json["job_id"])

    assert finished_jobs() == before + 1
    assert REGISTRY.get_sample_value("lms_export_jobs_waiting") == 0


@pytest.mark.live_lms
@pytest.mark.parametrize("app_config", [{"LMS_JOBS_MAX_WORKERS": 1,
                                         "LMS_JOBS_MAX_QUEUE_TIME": 1, "TESTING": True}])
def test_a_job_that_waited_past_max_queue_time_fails_and_its_token_stays_sealed(
        client, lms, lms_token):
    lms.latency = 2.5  # the one thread is busy with the first job meanwhile
    first = push_async(client, lms_token).json["job_id"]
    waiting = push_async(client, lms_token).json["job_id"]

    expired = wait_for(client, waiting)

    assert wait_for(client, first)["status"] == "succeeded"
    assert expired["status"] == "failed"
    assert expired["error"]["status"] == 504
    assert "LMS_JOBS_MAX_QUEUE_TIME" in expired["error"]["detail"]
    assert len(lms.calls_to("POST", "/courses")) == 1


def test_one_idempotency_key_from_two_users_gives_each_their_own_job(client):
    def package_with_key(token: str) -> str:
        answer = client.post("/api/courses/bio-101/export-package",
                             json={"asset_names": ALL_ASSETS, "package": "gift"},
                             headers={"Authorization": f"Bearer {token}", **ASYNC,
                                      "Idempotency-Key": "shared-key"})
        return str(answer.json["job_id"])

    teacher_first, student, teacher_again = (
        package_with_key(token) for token in (HOST_TOKEN, OTHER_HOST_TOKEN, HOST_TOKEN))

    assert teacher_first == teacher_again
    assert student != teacher_first
