"""Requests and wall time of a quiz pushed to Google Classroom, per quiz size.

The provider pushes one question set to the Google double served over real HTTP
(``LiveGoogle``) with a fixed latency per request: a Forms quiz (create, one batchUpdate,
publish) handed out as a Classroom assignment, into an existing course. Reported per size: the
requests the push made (from the double's own record) and the median wall time of the push.

Run from the repository root: .venv/bin/python bench/bench_google.py [--latency 0.03]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask

from bench.content import quiz
from lms_export_blueprint import LMSExport
from lms_export_blueprint.testing.google.live import LiveGoogle

RUNS = 5
SIZES = (7, 60, 500)


def host_app(google: LiveGoogle, questions: int) -> Flask:
    asset = {"asset_name": "exam", "asset_type": "quiz",
             "asset_content": quiz(questions, "Benchmark quiz")}
    app = Flask(__name__)
    app.config.update(LMS_BASE_URL=google.base_url, LMS_PROVIDER="google", LMS_DEADLINE=600,
                      LMS_TIMEOUT=60)
    LMSExport(app, user_loader=lambda token: "teacher" if token == "t" else None,
              course_loader=lambda course_id: {"name": "Benchmark course"},
              asset_loader=lambda course_id, name: asset if name == "exam" else None)
    return app


def one_push(latency: float, questions: int) -> tuple[float, int]:
    """Wall seconds and requests of one push on a fresh double."""
    with LiveGoogle() as google:
        token = google.add_user("Bench Teacher")
        course_id = google.add_course("Bench", teacher=token)
        client = host_app(google, questions).test_client()
        bearer = {"Authorization": "Bearer t"}
        login = client.post("/api/login-lms", headers=bearer, json={"access_token": token})
        assert login.status_code == 200, login.json
        google.latency = latency
        google.calls.clear()
        start = time.perf_counter()
        answer = client.post("/api/courses/c/push-to-lms",
                             headers={**bearer, "X-LMS-Token": token},
                             json={"asset_names": ["exam"], "lms_course_id": course_id})
        elapsed = time.perf_counter() - start
        assert answer.status_code == 200, answer.json
        return elapsed, len(google.calls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.03)
    options = parser.parse_args()
    print(f"| questions | requests | wall s (median of {RUNS}) | LMS time at "
          f"{options.latency * 1000:.0f} ms a request |")
    print("|---:|---:|---:|---:|")
    for size in SIZES:
        runs = [one_push(options.latency, size) for _ in range(RUNS)]
        requests = {count for _, count in runs}
        assert len(requests) == 1, requests
        (count,) = requests
        wall = statistics.median(seconds for seconds, _ in runs)
        print(f"| {size} | {count} | {wall:.3f} | {count * options.latency:.2f} s |")


if __name__ == "__main__":
    main()
