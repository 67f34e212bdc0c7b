"""Measurement 4: the extension's own work on big pushes, with an LMS double that answers at once.

The request goes through the Flask app (test client: routing, auth, body parsing and
validation, loading, formatting, JSON both ways, the client's request preparation); only the
socket is replaced, by an adapter that answers ``POST /courses`` instantly. Time is the whole
request; memory is tracemalloc's peak over the request.
"""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from typing import Any

import requests
from flask import Flask
from flask.testing import FlaskClient
from requests.adapters import HTTPAdapter

from bench.content import BENCH_COURSE, BIG_COURSE, BIG_QUIZ_COURSE, bench_courses, push_body
from bench.stats import summary
from lms_export_blueprint import LMSExport
from lms_export_blueprint.formats import default_registry

TOKEN = "bench-lms-token"
USER = "teacher-1"
BEARER = {"Authorization": "Bearer host-token", "X-LMS-Token": TOKEN}
REPEATS = {BENCH_COURSE: 200, BIG_COURSE: 9, BIG_QUIZ_COURSE: 9}


class InstantLMS(HTTPAdapter):
    """Answers every request at once with a course and one content id per pushed asset.

    It does not parse the body (that is the LMS's work); the asset count is known up front.
    """

    def __init__(self, n_assets: int) -> None:
        super().__init__()
        self.body = json.dumps({"course_id": "c-1",
                                "content_ids": [f"c-1-a{i}" for i in range(n_assets)]}).encode()
        self.calls = 0

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
             ) -> requests.Response:
        self.calls += 1
        response = requests.Response()
        response.status_code = 201
        # A stream, as urllib3 gives: the client reads answers in capped chunks.
        response.raw = io.BytesIO(self.body)
        response.headers["Content-Type"] = "application/json"
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response


def make_app(n_assets: int) -> tuple[Flask, InstantLMS]:
    """A host app whose loaders hand out the stored dicts (no copy: the host's cost, not ours)."""
    courses = bench_courses()
    app = Flask("bench_own_work")
    app.config["LMS_BASE_URL"] = "http://lms.invalid"
    extension = LMSExport(
        app,
        user_loader=lambda token: USER if token == "host-token" else None,
        course_loader=lambda course_id: courses.get(course_id),
        asset_loader=lambda course_id, name: courses[course_id]["assets"].get(name),
    )
    adapter = InstantLMS(n_assets)
    extension.client(app).session.mount("http://", adapter)
    extension.state(app).tokens.remember(TOKEN, USER)  # steady state: the token is trusted
    return app, adapter


def push_once(client: FlaskClient, course_id: str, body: bytes) -> None:
    answer = client.post(f"/api/courses/{course_id}/push-to-lms", data=body, headers=BEARER,
                         content_type="application/json")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]


def measure_one(course_id: str, export_format: str, repeats: int | None = None
                ) -> dict[str, Any]:
    n_assets = len(bench_courses()[course_id]["assets"])
    app, adapter = make_app(n_assets)
    client = app.test_client()
    body = json.dumps(push_body(course_id, export_format)).encode()
    push_once(client, course_id, body)  # warm: imports, first-request set-up
    times = []
    for _ in range(repeats or REPEATS[course_id]):
        started = time.perf_counter()
        push_once(client, course_id, body)
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    push_once(client, course_id, body)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"course": course_id, "format": export_format, "assets": n_assets,
            "ms": summary(times), "peak_mib": peak / 2**20,
            "lms_calls_per_push": adapter.calls / (len(times) + 2)}


def measure() -> list[dict[str, Any]]:
    return [measure_one(course_id, export_format)
            for course_id in (BENCH_COURSE, BIG_COURSE, BIG_QUIZ_COURSE)
            for export_format in default_registry.names]


def table(rows: list[dict[str, Any]]) -> str:
    labels = {BENCH_COURSE: "10 assets (the latency push)", BIG_COURSE: "1,000 assets",
              BIG_QUIZ_COURSE: "one quiz of 2,000 questions"}
    lines = ["| push | format | n | own work median ms | p10 ms | p90 ms | peak memory MiB "
             "(tracemalloc) |", "|---|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        ms = row["ms"]
        lines.append(f"| {labels[row['course']]} | {row['format']} | {ms['n']} | "
                     f"{ms['median']:.2f} | {ms['p10']:.2f} | {ms['p90']:.2f} | "
                     f"{row['peak_mib']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
