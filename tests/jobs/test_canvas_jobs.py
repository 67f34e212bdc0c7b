"""Canvas and background jobs (docs/canvas.md, docs/jobs.md): a Canvas push (a request per
question) as a job.

The thread-pool engine on ``fake_canvas`` where no real server is needed and on
``live_canvas`` (tests marked ``live_lms``); the RQ engine with a real redis-server and a real
``flask lms worker`` talking to ``live_canvas`` over HTTP.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from canvas_provider.test_quizzes import ANSWERS, CLASSIC_ANSWERS
from conftest import BEARER
from host_app import create_app
from job_support import job_status, push_async, wait_for

from lms_export_blueprint.formats import model
from lms_export_blueprint.jobs.engines import WORKER_LOST
from lms_export_blueprint.providers.canvas import classic, new_quizzes
from lms_export_blueprint.providers.canvas.new_quizzes import BLANK_ID
from lms_export_blueprint.testing.canvas import grade

QUIZ, PAPER, NOTES = "photosynthesis-quiz", "term-paper", "lesson-notes"
KEY = {"Idempotency-Key": "canvas-job-1"}
ENGINES = {"classic": classic, "new": new_quizzes}


@pytest.fixture
def app(canvas_config):
    app = create_app(canvas_config)
    yield app
    engine = app.extensions["lms_export"].jobs(app)
    if hasattr(engine, "shutdown"):  # a job left running would reach the next test's double
        engine.shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def lms_token(client, teacher) -> str:
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": teacher})
    assert answer.status_code == 200, answer.json
    return str(answer.json["data"]["token"])


def push(client, lms_token: str | None, course_id: str = "bio-101", *,
         headers: dict[str, str] | None = None, **body: Any):
    """The same push without ``Prefer``."""
    sent = {**BEARER, **(headers or {})}
    if lms_token is not None:
        sent["X-LMS-Token"] = lms_token
    body.setdefault("asset_names", [QUIZ, PAPER, NOTES])
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body, headers=sent)


def run_job(client, lms_token: str, **kwargs: Any) -> dict[str, Any]:
    accepted = push_async(client, lms_token, **kwargs)
    assert accepted.status_code == 202, accepted.json
    return wait_for(client, accepted.json["job_id"])


# (a) every check answers at once ------------------------------------------------------------

@pytest.mark.parametrize(("case", "status"), [
    ("no bearer", 401), ("invalid body", 422), ("no LMS token", 401), ("unknown course", 404),
    ("missing asset", 404), ("type the engine cannot take", 422),
    ("no LMS_CANVAS_ACCOUNT_ID", 422),
])
def test_every_canvas_push_check_answers_at_once_as_without_the_header(
        canvas, canvas_config, teacher, monkeypatch, case, status):
    if case == "no LMS_CANVAS_ACCOUNT_ID":
        del canvas_config["LMS_CANVAS_ACCOUNT_ID"]
    if case == "type the engine cannot take":
        monkeypatch.setattr(classic, "SUPPORTED", classic.SUPPORTED - {model.Matching})
    client = create_app(canvas_config).test_client()
    token: str | None = client.post("/api/login-lms", headers=BEARER,
                                    json={"access_token": teacher}).json["data"]["token"]
    headers, course, body = {}, "bio-101", {}
    if case == "no bearer":
        headers = {"Authorization": "Bearer nobody"}
    elif case == "invalid body":
        body = {"publsh": True}
    elif case == "no LMS token":
        token = None
    elif case == "unknown course":
        course = "no-such-course"
    elif case == "missing asset":
        body = {"asset_names": [QUIZ, "no-such-asset"]}
    sent_before = len(canvas.calls)

    synchronous = push(client, token, course, headers=headers, **body)
    answer = push_async(client, token, course, headers=headers, **body)

    assert answer.status_code == status and "Location" not in answer.headers
    assert (synchronous.status_code, synchronous.json) == (status, answer.json)
    assert len(canvas.calls) == sent_before  # nothing reached Canvas, no job ran


def test_an_email_and_password_login_is_refused_with_or_without_prefer(client, canvas):
    login = {"email": "ada@example.edu", "password": "pw"}

    plain = client.post("/api/login-lms", headers=BEARER, json=login)
    with_prefer = client.post("/api/login-lms", json=login,
                              headers={**BEARER, "Prefer": "respond-async"})

    assert plain.status_code == with_prefer.status_code == 422
    assert plain.json == with_prefer.json and "Location" not in with_prefer.headers
    assert canvas.calls == []


# (b) progress ------------------------------------------------------------------------------

@pytest.mark.live_lms
def test_progress_advances_per_canvas_request_and_ends_done_equal_total(client, canvas,
                                                                        lms_token):
    canvas.latency = 0.03  # each request takes long enough for polls to see it
    sent_before = len(canvas.calls)
    job_id = push_async(client, lms_token, asset_names=[QUIZ, NOTES]).json["job_id"]
    seen: list[tuple[int, int]] = []
    while (body := job_status(client, job_id).json)["status"] not in ("succeeded", "failed"):
        if body["status"] == "running" and body["progress"]["done"] > 0:
            seen.append((body["progress"]["done"], body["progress"]["total"]))
        time.sleep(0.005)

    requests = len(canvas.calls) - sent_before
    assert body["status"] == "succeeded", body
    assert body["progress"] == {"done": requests, "total": requests}
    assert len({done for done, _ in seen}) > 1  # it moved while the job ran
    assert {total for _, total in seen} == {requests}  # known before the first request
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


@pytest.mark.live_lms
def test_a_queued_canvas_job_shows_the_total_of_its_requests_before_it_starts(
        canvas_config, canvas, teacher):
    canvas_config["LMS_JOBS_MAX_WORKERS"] = 1
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]
    canvas.latency = 0.05
    first = push_async(client, token, asset_names=[NOTES]).json["job_id"]
    waiting = push_async(client, token, asset_names=[QUIZ, NOTES]).json["job_id"]

    queued = job_status(client, waiting).json
    wait_for(client, first)
    finished = wait_for(client, waiting)

    assert queued["status"] == "queued"
    # The course, the quiz, its 7 questions, their order, the publish, the page: what the
    # run counted.
    assert queued["progress"] == {"done": 0, "total": 12}
    assert finished["progress"] == {"done": 12, "total": 12}


# (c) the result is the synchronous body --------------------------------------------------

def test_the_canvas_job_result_is_byte_for_byte_the_synchronous_body(client, canvas,
                                                                     lms_token):
    job_id = push_async(client, lms_token, headers=KEY).json["job_id"]
    finished = wait_for(client, job_id)
    # The same key: the ledger answers for what the job created, as Canvas holds it.
    synchronous = push(client, lms_token, headers=KEY)

    assert finished["status"] == "succeeded", finished
    assert len(canvas.courses) == 1 and len(canvas.quizzes) == 2
    assert synchronous.status_code == 200
    assert (b'"result":' + synchronous.get_data().strip() + b","
            in job_status(client, job_id).get_data())


# (d) every question type grades right, both engines -----------------------------------------

@pytest.mark.parametrize("engine", ["classic", "new"])
def test_every_question_type_grades_right_after_the_job(canvas_config, canvas, teacher,
                                                        engine):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = engine
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]

    finished = run_job(client, token, asset_names=[QUIZ])

    quiz_id = int(finished["result"]["data"]["lms_content_ids"][0])
    if engine == "classic":
        graded = list(zip(canvas.published_questions(quiz_id), CLASSIC_ANSWERS, strict=True))
    else:
        graded = [(item, ({BLANK_ID: right}, {BLANK_ID: wrong})
                   if item["entry"]["interaction_type_slug"] == "rich-fill-blank"
                   else (right, wrong))
                  for item, (right, wrong) in zip(canvas.items(quiz_id), ANSWERS, strict=True)]
    assert len(graded) == 7
    for question, (right, wrong) in graded:
        if right is None:
            assert grade(question, "my essay") is None  # the essay: a person grades it
            continue
        assert grade(question, right) is True, question
        assert grade(question, wrong) is False, question


# (e) a question failing for good, and the retry ---------------------------------------------

def test_a_question_failing_for_good_fails_the_job_with_the_synchronous_error_body(
        client, canvas, lms_token):
    canvas.fail_next(400, path="/questions", method="POST")
    synchronous = push(client, lms_token, asset_names=[NOTES, QUIZ, PAPER])
    canvas.fail_next(400, path="/questions", method="POST")

    failed = run_job(client, lms_token, asset_names=[NOTES, QUIZ, PAPER])

    assert failed["status"] == "failed" and failed["result"] is None
    assert failed["error"] == {**synchronous.json, "status": synchronous.status_code}
    assert [a["status"] for a in failed["error"]["data"]["exported_assets"]] == [
        "success", "failed", "skipped"]
    assert canvas.quizzes == {}  # each run's half-built quiz was deleted


def test_a_retry_of_a_failed_canvas_job_with_the_same_key_sends_only_what_did_not_land(
        client, canvas, lms_token):
    canvas.fail_next(400, path="/questions", method="POST")
    first = push_async(client, lms_token, headers=KEY, asset_names=[NOTES, QUIZ, PAPER])
    failed = wait_for(client, first.json["job_id"])
    sent_before = len(canvas.calls)

    second = push_async(client, lms_token, headers=KEY, asset_names=[NOTES, QUIZ, PAPER])
    retried = wait_for(client, second.json["job_id"])

    assert failed["status"] == "failed" and retried["status"] == "succeeded", retried
    assert second.json["job_id"] != first.json["job_id"]  # a failed job gave its key up
    again = canvas.calls[sent_before:]
    assert not [c for c in again if c.method == "POST" and c.path.endswith(("/courses",
                                                                            "/pages"))]
    (course_id,) = canvas.courses
    assert len(canvas.pages[course_id]) == 1 and len(canvas.quizzes) == 2
    page_id = failed["error"]["data"]["exported_assets"][0]["lms_content_id"]
    assert retried["result"]["data"]["lms_content_ids"][0] == page_id
    assert retried["progress"]["done"] == retried["progress"]["total"] == len(again)


# 429: Retry-After kept --------------------------------------------------------------------

def test_a_job_ended_by_a_429_keeps_retry_after_in_its_error(canvas_config, canvas, teacher):
    canvas_config.update(LMS_DEADLINE=1, LMS_TIMEOUT=1)  # the throttle is waited out 1 s
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]
    canvas.fail_next(429, path="/questions", method="POST", times=1000,
                     headers={"Retry-After": "30", "Content-Type": "text/plain"},
                     body=b"429 Too Many Requests (Rate Limit Exceeded)\n")
    synchronous = push(client, token, asset_names=[QUIZ])

    failed = run_job(client, token, asset_names=[QUIZ])

    assert synchronous.status_code == 429 and synchronous.headers["Retry-After"] == "30"
    assert failed["error"]["status"] == 429
    assert failed["error"]["retry_after"] == "30"


def test_a_generic_lms_job_ended_by_a_429_keeps_retry_after_in_its_error(fake_lms):
    from conftest import TEACHER_EMAIL, TEACHER_PASSWORD

    fake_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    client = create_app({"LMS_BASE_URL": fake_lms.base_url, "LMS_RETRY_BACKOFF": 0.001,
                         "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}).test_client()
    token = client.post("/api/login-lms", headers=BEARER, json={
        "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}).json["data"]["token"]
    fake_lms.fail_next(429, headers={"Retry-After": "120"}, path="/courses", times=2)
    synchronous = push(client, token)

    failed = run_job(client, token)

    assert synchronous.headers["Retry-After"] == "120"
    assert failed["error"] == {**synchronous.json, "status": 429, "retry_after": "120"}


def test_a_job_error_without_retry_after_has_no_retry_after(client, canvas, lms_token):
    canvas.fail_next(400, path="/questions", method="POST")

    failed = run_job(client, lms_token, asset_names=[QUIZ])

    assert failed["error"]["status"] == 502 and "retry_after" not in failed["error"]


# (f) RQ: a work horse killed mid-push ------------------------------------------------------

@pytest.fixture
def redis():
    from rq_support import redis_with_aof
    from servers import require_module

    require_module("rq")
    with redis_with_aof() as server:
        yield server


@pytest.fixture
def rq_config(canvas_config, redis) -> dict[str, Any]:
    """Jobs and the token store (so the Canvas retry ledger) on the same Redis."""
    from rq_support import SECRET_KEY

    return {**canvas_config, "LMS_JOBS_REDIS_URL": redis.url, "SECRET_KEY": SECRET_KEY,
            "LMS_TOKEN_CACHE_TYPE": "RedisCache", "LMS_TOKEN_CACHE_REDIS_URL": redis.url,
            "LMS_TOKEN_CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}:"}


@pytest.mark.redis
@pytest.mark.live_lms
def test_a_work_horse_killed_mid_canvas_push_fails_and_the_retry_makes_no_second_course_or_quiz(
        canvas, teacher, rq_config):
    from rq_support import children_of, kill_9, lms_worker

    client = create_app(rq_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]
    with lms_worker(rq_config) as worker:
        canvas.latency = 0.3  # slow enough to land the kill between two questions
        killed = push_async(client, token, headers=KEY, asset_names=[QUIZ, NOTES])
        _wait_until(lambda: len(canvas.calls_to("POST", "/questions")) >= 2)
        for horse in children_of(worker.pid):
            kill_9(horse)
        failed = wait_for(client, killed.json["job_id"])
        canvas.latency = 0.0
        retried = push_async(client, token, headers=KEY, asset_names=[QUIZ, NOTES])
        succeeded = wait_for(client, retried.json["job_id"])

    assert failed["error"] == {"detail": WORKER_LOST, "status": 500}
    assert retried.json["job_id"] != killed.json["job_id"]
    assert succeeded["status"] == "succeeded", succeeded
    assert len(canvas.courses) == 1 and len(canvas.quizzes) == 1
    (quiz_id,) = canvas.quizzes
    assert succeeded["result"]["data"]["lms_content_ids"][0] == str(quiz_id)
    assert len(canvas.published_questions(quiz_id)) == 7
    (course_id,) = canvas.courses
    assert len(canvas.pages[course_id]) == 1


def _wait_until(condition, seconds: float = 30) -> None:
    give_up = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < give_up, "condition never held"
        time.sleep(0.02)


@pytest.mark.redis
@pytest.mark.parametrize(("cache_type", "warned"), [("SimpleCache", True),
                                                     ("RedisCache", False)])
def test_flask_lms_worker_warns_when_the_canvas_ledger_would_die_with_each_work_horse(
        rq_config, caplog, cache_type, warned):
    from lms_export_blueprint.jobs import run_worker

    app = create_app({**rq_config, "LMS_TOKEN_CACHE_TYPE": cache_type})
    with app.app_context():
        run_worker(app.extensions["lms_export"].jobs(app), burst=True)

    assert ("retry ledger" in caplog.text) is warned
