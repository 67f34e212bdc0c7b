"""Time and peak memory to package a 2,000-question course (every type, plus a page) as each
course package, through the route (POST export-package) and the writer alone.

Run from the repository root: .venv/bin/python bench/bench_packages.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask

from bench.content import quiz
from lms_export_blueprint import LMSExport
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.packages import PACKAGES, CourseContent

QUESTION_COUNT = 2000
RUNS = 9
ASSETS = {
    "exam": {"asset_name": "exam", "asset_type": "quiz",
             "asset_content": quiz(QUESTION_COUNT, "Two thousand questions")},
    "notes": {"asset_name": "notes", "asset_type": "notes",
              "asset_content": {"title": "Notes", "body": "# Light\n\nThylakoids. " * 50}},
}


def host_app() -> Flask:
    app = Flask(__name__)
    LMSExport(app, user_loader=lambda token: "teacher" if token == "t" else None,
              course_loader=lambda course_id: {"name": "Benchmark course"},
              asset_loader=lambda course_id, name: ASSETS.get(name))
    return app


def median_seconds(action, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def peak_mib(action) -> float:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    client = host_app().test_client()
    course = CourseContent("Benchmark course", tuple(
        (name, load_content(asset)) for name, asset in ASSETS.items()))
    print(f"Packaging one {QUESTION_COUNT:,}-question quiz (7 types) and a page, "
          f"median of {RUNS} runs\n")
    print("| package | route ms (POST to 200) | writer ms | writer µs/question "
          "| peak memory MiB (writer) | file KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, kind in PACKAGES.items():
        def post(name: str = name):
            response = client.post("/api/courses/c/export-package",
                                   json={"asset_names": list(ASSETS), "package": name},
                                   headers={"Authorization": "Bearer t"})
            assert response.status_code == 200, response.json
            return response

        route = median_seconds(post)
        writer = median_seconds(lambda kind=kind: kind.build(course))
        peak = peak_mib(lambda kind=kind: kind.build(course))
        size = len(post().data)
        print(f"| {name} | {route * 1000:.0f} | {writer * 1000:.0f} | "
              f"{writer / QUESTION_COUNT * 1e6:.0f} | {peak:.1f} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
