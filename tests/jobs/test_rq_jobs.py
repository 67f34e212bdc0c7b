"""Background jobs (docs/jobs.md) on RQ: a real redis-server, real ``flask lms worker``
processes, a kill -9 mid-job and a Redis restart."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import zlib

import pytest
from conftest import ALL_ASSETS, BEARER
from job_support import job_status, package_async, push_async, wait_for
from rq_support import SECRET_KEY, children_of, kill_9, lms_worker, redis_with_aof
from servers import EXAMPLES, _env, require_module

from lms_export_blueprint.jobs.engines import WORKER_LOST

require_module("rq")
pytestmark = [pytest.mark.redis, pytest.mark.live_lms]


@pytest.fixture
def redis():
    with redis_with_aof() as server:
        yield server


@pytest.fixture
def app_config(redis):
    return {"LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True,
            "LMS_JOBS_REDIS_URL": redis.url, "SECRET_KEY": SECRET_KEY}


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


def test_a_job_runs_in_a_flask_lms_worker_process(client, lms, lms_token, worker):
    accepted = push_async(client, lms_token)

    finished = wait_for(client, accepted.json["job_id"])

    assert accepted.status_code == 202
    assert finished["status"] == "succeeded", finished
    assert finished["progress"] == {"done": 1, "total": 1}
    assert finished["result"]["data"]["lms_course_id"] in lms.courses
    assert finished["result"]["data"]["exported_assets"][0]["asset_name"] == ALL_ASSETS[0]


def test_another_web_process_sees_the_same_job(client, lms_token, worker, worker_config):
    from host_app import create_app

    job_id = push_async(client, lms_token).json["job_id"]
    other_web_worker = create_app(worker_config).test_client()

    assert wait_for(other_web_worker, job_id)["status"] == "succeeded"


def test_the_rq_payload_in_redis_holds_no_lms_token(client, lms_token, connection):
    # No worker yet: the job waits in Redis as RQ stored it.
    job_id = push_async(client, lms_token).json["job_id"]

    stored = _every_value(connection)

    assert connection.exists(f"rq:job:{job_id}")
    assert any(job_id.encode() in value for value in stored)
    assert not any(lms_token.encode() in value for value in stored)


def test_the_sealed_token_leaves_redis_with_the_finished_job(client, lms_token, worker,
                                                             connection):
    job_id = push_async(client, lms_token).json["job_id"]

    wait_for(client, job_id)

    # RQ deletes its copy right after the job function returned, our record just before.
    _wait_until(lambda: not connection.exists(f"rq:job:{job_id}"))
    assert connection.exists(_engine(client).store.prefix + job_id)


def test_a_job_running_while_redis_restarts_still_finishes(client, lms, lms_token, worker,
                                                          redis):
    lms.latency = 2.0
    job_id = push_async(client, lms_token).json["job_id"]
    wait_for(client, job_id, ("running",))

    redis.restart()

    assert wait_for(client, job_id)["status"] == "succeeded"


def test_a_package_job_on_rq_serves_the_file_the_synchronous_call_sends(client, worker):
    synchronous = client.post("/api/courses/bio-101/export-package", headers=BEARER,
                              json={"asset_names": ALL_ASSETS, "package": "imscc"})

    finished = wait_for(client, package_async(client, "imscc").json["job_id"])
    downloaded = client.get(finished["result"]["data"]["file"], headers=BEARER)

    assert downloaded.status_code == 200
    assert downloaded.headers["Content-Disposition"] == synchronous.headers["Content-Disposition"]
    assert len(downloaded.get_data()) == len(synchronous.get_data())


def test_a_work_horse_killed_mid_job_fails_the_job_and_the_retry_lands_one_course(
        client, lms, lms_token, worker):
    lms.latency = 3.0  # the create is in flight when the kill lands
    key = {"Idempotency-Key": "killed-mid-push"}
    killed = push_async(client, lms_token, headers=key).json["job_id"]
    wait_for(client, killed, ("running",))
    _wait_until(lambda: lms.calls_to("POST", "/courses"))

    for horse in children_of(worker.pid):
        kill_9(horse)
    failed = wait_for(client, killed)
    lms.latency = 0.0
    retried = push_async(client, lms_token, headers=key).json["job_id"]
    succeeded = wait_for(client, retried)

    assert failed["status"] == "failed"
    assert failed["error"] == {"detail": WORKER_LOST, "status": 500}
    assert retried != killed and succeeded["status"] == "succeeded"
    _wait_until(lambda: len(lms.courses) >= 1)  # the killed create still landed
    assert list(lms.courses) == [succeeded["result"]["data"]["lms_course_id"]]


def test_a_worker_killed_with_its_horse_fails_the_job_once_rq_cleans_up(
        client, lms, lms_token, worker, connection):
    from rq import Queue
    from rq.registry import StartedJobRegistry

    lms.latency = 3.0
    job_id = push_async(client, lms_token).json["job_id"]
    wait_for(client, job_id, ("running",))

    horses = children_of(worker.pid)
    kill_9(worker.pid)
    for horse in horses:
        kill_9(horse)
    still_running = job_status(client, job_id).json["status"]
    # What the next worker's maintenance does once the dead one's heartbeat has expired
    # (RQ: a heartbeat lasts the job's monitoring interval + 60 s).
    StartedJobRegistry(queue=Queue(_queue_name(client), connection=connection)).cleanup(
        timestamp=time.time() + 3600)

    assert still_running == "running"
    assert wait_for(client, job_id)["error"] == {"detail": WORKER_LOST, "status": 500}


def test_a_redis_restart_loses_no_finished_result(client, lms_token, worker, redis):
    job_id = push_async(client, lms_token).json["job_id"]
    finished = wait_for(client, job_id)

    redis.restart()

    assert job_status(client, job_id).json == finished


def test_flask_lms_worker_refuses_to_start_without_a_secret_key(worker_config):
    config = {key: value for key, value in worker_config.items() if key != "SECRET_KEY"}

    started = subprocess.run(
        [sys.executable, "-m", "flask", "--app", str(EXAMPLES / "wsgi.py"), "lms", "worker",
         "--burst"], env=_env(config), capture_output=True, text=True, timeout=60)

    assert started.returncode != 0
    assert "SECRET_KEY is not" in started.stderr


def _engine(client):
    return client.application.extensions["lms_export"].jobs(client.application)


def _queue_name(client) -> str:
    return _engine(client).queue.name


def _every_value(connection) -> list[bytes]:
    """Every value under every key, RQ's compressed job data decompressed too."""
    values = []
    for key in connection.scan_iter():
        kind = connection.type(key)
        if kind == b"string":
            values.append(connection.get(key))
        elif kind == b"hash":
            values.extend(connection.hvals(key))
        elif kind == b"list":
            values.extend(connection.lrange(key, 0, -1))
        elif kind == b"zset":
            values.extend(connection.zrange(key, 0, -1))
        elif kind == b"set":
            values.extend(connection.smembers(key))
    for value in list(values):
        with contextlib.suppress(zlib.error):  # not compressed
            values.append(zlib.decompress(value))
    return values


def _wait_until(condition, seconds: float = 20) -> None:
    give_up = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < give_up, "condition never held"
        time.sleep(0.02)
