"""Jobs that end on RQ, with a real redis-server and real ``flask lms worker`` processes: a
worker lost with its work horse, a Redis restart under a worker, Redis down under the job
routes, crafted ids, and two apps on one Redis."""

from __future__ import annotations

import time

import pytest
from conftest import BEARER
from host_app import create_app
from job_support import job_status, package_async, push_async, wait_for
from rq_support import SECRET_KEY, children_of, kill_9, lms_worker, redis_with_aof
from servers import require_module

from lms_export_blueprint.jobs.engines import WORKER_LOST
from lms_export_blueprint.jobs.records import RUNNING

require_module("rq")
pytestmark = [pytest.mark.redis, pytest.mark.live_lms]

#: A short bound, so a lost job ends within the test's wait (the default is 90 s), with room
#: for a busy machine: a live worker beats every 2 s.
LOST_AFTER = 6


@pytest.fixture
def redis():
    with redis_with_aof() as server:
        yield server


@pytest.fixture
def app_config(redis):
    return {"LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True,
            "LMS_JOBS_REDIS_URL": redis.url, "SECRET_KEY": SECRET_KEY,
            "LMS_JOBS_LOST_AFTER": LOST_AFTER}


@pytest.fixture
def worker_config(lms, app_config):
    return {**app_config, "LMS_BASE_URL": lms.base_url}


@pytest.fixture
def worker(worker_config):
    with lms_worker(worker_config) as process:
        yield process


@pytest.fixture
def connection(redis):
    from redis import Redis

    with Redis.from_url(redis.url) as client:
        yield client


def _engine(app):
    return app.extensions["lms_export"].jobs(app)


# --- 503 and 404, never 500 ------------------------------------------------------------------

def test_a_crafted_job_id_is_a_404(client, worker):
    job_id = package_async(client).json["job_id"]
    wait_for(client, job_id)  # its file, a Redis hash, sits at the record's key + ":file"

    for crafted in (f"{job_id}:file", f"{job_id}:beat", "..", "a" * 500, "x:y"):
        for path in (f"/api/lms-exports/{crafted}", f"/api/lms-exports/{crafted}/file"):
            response = client.get(path, headers=BEARER)
            assert response.status_code == 404, (crafted, response.get_data())


def test_job_routes_answer_503_while_redis_is_down(client, lms_token, redis):
    job_id = package_async(client).json["job_id"]

    redis.stop()
    polled = job_status(client, job_id)
    downloaded = client.get(f"/api/lms-exports/{job_id}/file", headers=BEARER)
    queued = package_async(client)
    pushed = push_async(client, lms_token)

    for response in (polled, downloaded, queued, pushed):
        assert response.status_code == 503, response.get_data()
        assert "store is unavailable" in response.json["detail"]


# --- a lost worker ---------------------------------------------------------------------------

def test_a_job_whose_worker_and_horse_died_fails_within_lost_after_and_the_retry_lands_once(
        client, lms, lms_token, worker, worker_config):
    lms.latency = 3.0  # the create is in flight when the kill lands
    key = {"Idempotency-Key": "machine-lost"}
    lost = push_async(client, lms_token, headers=key).json["job_id"]
    wait_for(client, lost, ("running",))
    _wait_until(lambda: lms.calls_to("POST", "/courses"))

    horses = children_of(worker.pid)
    kill_9(worker.pid)
    for horse in horses:
        kill_9(horse)
    # No other worker runs RQ's maintenance: only the heartbeat can end this job.
    failed = wait_for(client, lost)
    lms.latency = 0.0
    with lms_worker(worker_config):  # as a supervisor would start one
        retried = push_async(client, lms_token, headers=key).json["job_id"]
        succeeded = wait_for(client, retried)

    assert failed["status"] == "failed"
    assert failed["error"] == {"detail": WORKER_LOST, "status": 500}
    assert retried != lost and succeeded["status"] == "succeeded"
    _wait_until(lambda: len(lms.courses) >= 1)  # the lost create still landed
    assert list(lms.courses) == [succeeded["result"]["data"]["lms_course_id"]]


def test_the_status_route_ends_a_silent_job_by_the_engines_clock(app, client):
    engine = _engine(app)
    job_id = package_async(client).json["job_id"]  # no worker: it stays in RQ's queue
    record = engine.store.load(job_id)
    record.status, record.started_at = RUNNING, time.time()
    engine.store.save(record)
    engine.store.beat(job_id, record.started_at)
    now = record.started_at

    engine.clock = lambda: now + LOST_AFTER - 0.5
    before = job_status(client, job_id).json["status"]
    engine.clock = lambda: now + LOST_AFTER + 0.5
    after = job_status(client, job_id).json

    assert before == "running"
    assert after["status"] == "failed" and after["error"]["detail"] == WORKER_LOST


# --- a Redis restart under a worker ----------------------------------------------------------

def test_flask_lms_worker_outlives_redis_going_away_while_a_job_ends(
        client, lms, lms_token, worker, redis):
    lms.latency = 2.0
    first = push_async(client, lms_token, headers={"Idempotency-Key": "across-restart"})
    wait_for(client, first.json["job_id"], ("running",))

    redis.stop()  # the job ends (and its worker cleans up) while Redis is away
    _wait_until(lambda: not children_of(worker.pid) or worker.poll() is not None)
    _wait_until(lambda: worker.poll() is not None, seconds=5, must=False)  # RQ would quit now
    redis.start()
    lms.latency = 0.0
    second = push_async(client, lms_token)
    finished = wait_for(client, second.json["job_id"])
    first_end = wait_for(client, first.json["job_id"])  # running with no heartbeat: lost
    retried = push_async(client, lms_token, headers={"Idempotency-Key": "across-restart"})

    assert worker.poll() is None, "flask lms worker exited"
    assert finished["status"] == "succeeded"
    assert first_end["status"] in ("succeeded", "failed")
    if first_end["status"] == "failed":  # a new attempt, which the LMS replays
        assert retried.json["job_id"] != first.json["job_id"]
        assert wait_for(client, retried.json["job_id"])["status"] == "succeeded"
    _wait_until(lambda: len(lms.courses) == 2)
    assert len(lms.courses) == 2  # one per key, none twice


# --- two apps, one Redis ---------------------------------------------------------------------

def test_two_apps_on_one_redis_see_neither_the_others_jobs_nor_its_queue(
        worker_config, redis):
    shared = {**worker_config, "LMS_TOKEN_CACHE_TYPE": "RedisCache",
              "LMS_TOKEN_CACHE_REDIS_URL": redis.url}
    app_a = create_app(shared)
    app_b = create_app({**shared, "SECRET_KEY": "another-apps-secret"})

    job_id = package_async(app_a.test_client()).json["job_id"]

    assert job_status(app_b.test_client(), job_id).status_code == 404
    assert job_status(app_a.test_client(), job_id).status_code == 200
    assert _engine(app_a).queue.name != _engine(app_b).queue.name
    assert len(_engine(app_b).queue) == 0 and len(_engine(app_a).queue) == 1


def _wait_until(condition, seconds: float = 30, must: bool = True) -> None:
    give_up = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > give_up:
            assert not must, "condition never held"
            return
        time.sleep(0.05)


def test_a_job_rq_drops_between_two_reads_is_answered_not_a_500(app, client, connection):
    """RQ deletes a finished job at once: it can vanish after ``Job.fetch`` and before its
    status is read (seen as an rq InvalidJobOperation, a 500, under load)."""
    job_id = package_async(client).json["job_id"]  # no worker: it waits in RQ's queue
    connection.hdel(f"rq:job:{job_id}", "status")  # what the status read then finds

    polled = job_status(client, job_id)
    engine = _engine(app)
    engine.clock = lambda: time.time() + 60  # past the grace a new job has to reach RQ
    later = job_status(client, job_id)

    assert polled.status_code == 200 and polled.json["status"] == "queued"
    assert later.status_code == 200
    assert later.json["error"] == {"detail": WORKER_LOST, "status": 500}  # RQ holds it no more
