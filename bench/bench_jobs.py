"""Background jobs (docs/jobs.md): time from the 202 to ``succeeded`` against the
synchronous push, how queue time grows with concurrent jobs on two RQ workers, and the memory a
queued job takes in Redis.

Against the reference LMS (``LiveLMS``) with a fixed latency per request: the generic API's
push is one request carrying a 500-question quiz. The Canvas case (``--only canvas``) pushes the
same quiz to the Canvas double over HTTP (``LiveCanvas``, the throttle on with Canvas's
defaults), where it costs a request per question.

Run from the repository root: .venv/bin/python bench/bench_jobs.py [--only generic|canvas]
"""

from __future__ import annotations

import argparse
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
from lms_export_blueprint.testing.canvas.live import LiveCanvas
from lms_export_blueprint.testing.live import LiveLMS

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = 500
LATENCY = 0.1  # seconds the LMS takes per request
RUNS = 15
CONCURRENCY = (1, 2, 4, 8, 16)
QUEUED_FOR_MEMORY = 1000
SECRET_KEY = "bench-secret-key"
CANVAS_LATENCY = 0.01  # seconds the Canvas double adds to every answer
CANVAS_RUNS = 5
#: A Canvas across the internet: the latency of the computed (not measured) worker hold time.
REMOTE_LATENCY = 0.1
GUNICORN_TIMEOUT = 30
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("generic", "canvas"))
    only = parser.parse_args().only
    if only != "canvas":
        generic_cases()
    if only != "generic":
        canvas_case()


def generic_cases() -> None:
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


def canvas_app(canvas: LiveCanvas, token: str) -> Flask:
    """The host app on the Canvas provider (classic engine), the teacher's token logged in."""
    app = Flask(__name__)
    app.config.update(LMS_BASE_URL=canvas.base_url, LMS_PROVIDER="canvas",
                      LMS_DEADLINE=600, LMS_TIMEOUT=60)
    LMSExport(app, user_loader=lambda token: "teacher" if token == "t" else None,
              course_loader=lambda course_id: {"name": "Benchmark course"},
              asset_loader=lambda course_id, name: ASSETS.get(name))
    login = app.test_client().post("/api/login-lms", headers=BEARER,
                                   json={"access_token": token})
    assert login.status_code == 200, login.json
    return app


def canvas_case() -> None:
    """The 500-question quiz into an existing Canvas course: a request per question."""
    with LiveCanvas() as canvas:
        canvas.latency = CANVAS_LATENCY
        token = canvas.add_user("Bench Teacher", admin_of=[canvas.account_id])
        course_id = canvas.add_course("Benchmark course", teacher=token)
        app = canvas_app(canvas, token)
        body = {"asset_names": ["exam"], "publish": True, "lms_course_id": str(course_id)}
        sent_before = len(canvas.calls)
        synchronous = [sync_push(app, token, body) for _ in range(CANVAS_RUNS)]
        requests = (len(canvas.calls) - sent_before) / CANVAS_RUNS
        rows = [async_push(app, token, body) for _ in range(CANVAS_RUNS)]
        app.extensions["lms_export"].jobs(app).shutdown()
        for quiz_id in canvas.quizzes:
            assert len(canvas.published_questions(quiz_id)) == QUESTIONS
    print(f"\nCanvas: LiveCanvas, latency {CANVAS_LATENCY * 1000:.0f} ms per request, throttle "
          f"on (defaults); a {QUESTIONS}-question quiz = {requests:.0f} requests; "
          f"{CANVAS_RUNS} runs each; throttle refusals: {canvas.throttle.refused}")
    print_row("Canvas synchronous push (200)", synchronous)
    print_row("Canvas thread pool: POST -> 202", [row[0] for row in rows])
    print_row("Canvas thread pool: 202 -> succeeded", [row[1] for row in rows])
    sync_median = summary(synchronous)["median"]
    job_median = summary([row[1] for row in rows])["median"]
    print(f"ratio (202 -> succeeded) / synchronous: {job_median / sync_median:.3f}")
    own_cost = sync_median / requests - CANVAS_LATENCY  # our time per request, past the LMS's
    held = requests * (own_cost + REMOTE_LATENCY)
    print(f"measured cost per request {sync_median / requests * 1000:.1f} ms, of which "
          f"{own_cost * 1000:.1f} ms beyond the LMS's latency; COMPUTED: at "
          f"{REMOTE_LATENCY * 1000:.0f} ms per request the synchronous push holds a web worker "
          f"{held:.0f} s (gunicorn's default timeout: {GUNICORN_TIMEOUT} s)")


def sync_push(app: Flask, token: str, body: dict[str, Any] | None = None) -> float:
    client = app.test_client()
    started = time.perf_counter()
    answer = client.post("/api/courses/c/push-to-lms", json=body or {"asset_names": ["exam"]},
                         headers={**BEARER, "X-LMS-Token": token})
    assert answer.status_code == 200, answer.json
    return time.perf_counter() - started


def async_push(app: Flask, token: str,
               body: dict[str, Any] | None = None) -> tuple[float, float]:
    """Seconds from the POST to its 202, and from the 202 to the poll that saw ``succeeded``."""
    client = app.test_client()
    started = time.perf_counter()
    job_id = queue(client, token, body)
    accepted = time.perf_counter()
    wait_for_end(client, job_id)
    return accepted - started, time.perf_counter() - accepted


def queue(client: Any, token: str, body: dict[str, Any] | None = None) -> str:
    answer = client.post("/api/courses/c/push-to-lms", json=body or {"asset_names": ["exam"]},
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
