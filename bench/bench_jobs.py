"""Background jobs (contract section 11): time from the 202 to ``succeeded`` against the
synchronous push, how queue time grows with concurrent jobs on two RQ workers, and the memory a
queued job takes in Redis.

Against the reference LMS (``LiveLMS``) with a fixed latency per request. The Canvas provider
(a request per question) is not on main yet: the push here is the generic API's one request
carrying a 500-question quiz.

Run from the repository root: .venv/bin/python bench/bench_jobs.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask

from bench.content import quiz
from bench.servers import free_port
from bench.stats import summary
from lms_export_blueprint import LMSExport
from lms_export_blueprint.testing.live import LiveLMS

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = 500
LATENCY = 0.1  # seconds the LMS takes per request
RUNS = 15
CONCURRENCY = (1, 2, 4, 8, 16)
QUEUED_FOR_MEMORY = 1000
SECRET_KEY = "bench-secret-key"
BEARER = {"Authorization": "Bearer t"}
ASSETS = {"exam": {"asset_name": "exam", "asset_type": "quiz",
                   "asset_content": quiz(QUESTIONS, "Five hundred questions")}}


def create_bench_app() -> Flask:
    """The host app, configured from LMS_* and SECRET_KEY variables (the worker imports it)."""
    app = Flask(__name__)
    app.config.update({key: json.loads(value) if key.endswith(("_TTL", "_WORKERS")) else value
                       for key, value in os.environ.items()
                       if key.startswith("LMS_") or key == "SECRET_KEY"})
    app.config["LMS_RETRY_ATTEMPTS"] = 0
    LMSExport(app, user_loader=lambda token: "teacher" if token == "t" else None,
              course_loader=lambda course_id: {"name": "Benchmark course"},
              asset_loader=lambda course_id, name: ASSETS.get(name))
    return app


def main() -> None:
    with LiveLMS() as lms:
        lms.add_user("t@example.edu", "pw")
        token = lms.issue_token("t@example.edu")
        lms.latency = LATENCY
        os.environ["LMS_BASE_URL"] = lms.base_url
        print(f"LMS latency {LATENCY * 1000:.0f} ms per request; a {QUESTIONS}-question quiz; "
              f"{RUNS} runs each\n")
        threads = create_bench_app()
        print_row("synchronous push (200)", [sync_push(threads, token) for _ in range(RUNS)])
        rows = [async_push(threads, token) for _ in range(RUNS)]
        print_row("thread pool: POST -> 202", [row[0] for row in rows])
        print_row("thread pool: 202 -> succeeded", [row[1] for row in rows])
        with redis_server() as redis_url, workers(redis_url, 2):
            os.environ["LMS_JOBS_REDIS_URL"] = redis_url
            os.environ["SECRET_KEY"] = SECRET_KEY
            rq = create_bench_app()
            rows = [async_push(rq, token) for _ in range(RUNS)]
            print_row("RQ, 2 workers: POST -> 202", [row[0] for row in rows])
            print_row("RQ, 2 workers: 202 -> succeeded", [row[1] for row in rows])
            print("\nconcurrent jobs on two RQ workers: queue time (queued -> started), ms")
            for count in CONCURRENCY:
                print_row(f"{count} at once", queue_times(rq, token, count))
        with redis_server() as redis_url:
            os.environ["LMS_JOBS_REDIS_URL"] = redis_url
            print(f"\nRedis memory per queued job: {memory_per_job(create_bench_app(), token):.0f}"
                  f" bytes ({QUEUED_FOR_MEMORY} queued, no worker)")


def sync_push(app: Flask, token: str) -> float:
    client = app.test_client()
    started = time.perf_counter()
    answer = client.post("/api/courses/c/push-to-lms", json={"asset_names": ["exam"]},
                         headers={**BEARER, "X-LMS-Token": token})
    assert answer.status_code == 200, answer.json
    return time.perf_counter() - started


def async_push(app: Flask, token: str) -> tuple[float, float]:
    """Seconds from the POST to its 202, and from the 202 to the poll that saw ``succeeded``."""
    client = app.test_client()
    started = time.perf_counter()
    job_id = queue(client, token)
    accepted = time.perf_counter()
    wait_for_end(client, job_id)
    return accepted - started, time.perf_counter() - accepted


def queue(client: Any, token: str) -> str:
    answer = client.post("/api/courses/c/push-to-lms", json={"asset_names": ["exam"]},
                         headers={**BEARER, "X-LMS-Token": token, "Prefer": "respond-async"})
    assert answer.status_code == 202, answer.json
    return str(answer.json["job_id"])


def wait_for_end(client: Any, job_id: str) -> dict[str, Any]:
    give_up = time.monotonic() + 300
    while time.monotonic() < give_up:
        body = client.get(f"/api/lms-exports/{job_id}", headers=BEARER).json
        if body["status"] in ("succeeded", "failed"):
            assert body["status"] == "succeeded", body
            return dict(body)
        time.sleep(0.005)
    raise RuntimeError("job never ended")


def queue_times(app: Flask, token: str, count: int) -> list[float]:
    client = app.test_client()
    job_ids = [queue(client, token) for _ in range(count)]
    for job_id in job_ids:
        wait_for_end(client, job_id)
    store = app.extensions["lms_export"].jobs(app).store
    records = [store.load(job_id) for job_id in job_ids]
    return [record.started_at - record.queued_at for record in records]


def memory_per_job(app: Flask, token: str) -> float:
    connection = app.extensions["lms_export"].jobs(app).connection
    before = connection.info("memory")["used_memory"]
    client = app.test_client()
    for _ in range(QUEUED_FOR_MEMORY):
        queue(client, token)
    return (connection.info("memory")["used_memory"] - before) / QUEUED_FOR_MEMORY


def print_row(label: str, seconds: list[float]) -> None:
    if not seconds:
        return
    stats = summary(seconds)
    print(f"| {label} | {stats['n']} | {stats['median'] * 1000:.0f} | "
          f"{stats['p10'] * 1000:.0f} | {stats['p90'] * 1000:.0f} |")


@contextmanager
def redis_server() -> Iterator[str]:
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
             "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL)
        try:
            time.sleep(0.3)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(10)


@contextmanager
def workers(redis_url: str, count: int) -> Iterator[None]:
    env = {**os.environ, "LMS_JOBS_REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY}
    processes = [subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "bench.bench_jobs:create_bench_app()", "lms",
         "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(count)]
    time.sleep(3)  # both registered with RQ
    try:
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


if __name__ == "__main__":
    main()
