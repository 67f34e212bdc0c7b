"""Profile the push path (pyinstrument) with the instant LMS double; text under bench/profiles/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pyinstrument import Profiler

from bench.content import BENCH_COURSE, BIG_COURSE, bench_courses, push_body
from bench.own_work import make_app, push_once

OUT = Path(__file__).parent / "profiles"
RUNS = {BENCH_COURSE: 400, BIG_COURSE: 10}


def profile(course_id: str, label: str) -> str:
    app, _ = make_app(len(bench_courses()[course_id]["assets"]))
    client = app.test_client()
    body = json.dumps(push_body(course_id)).encode()
    push_once(client, course_id, body)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(RUNS[course_id]):
        push_once(client, course_id, body)
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    OUT.mkdir(exist_ok=True)
    (OUT / f"{label}.txt").write_text(text)
    return text


def main(label: str) -> None:
    profile(BENCH_COURSE, f"push-10-assets-{label}")
    profile(BIG_COURSE, f"push-1000-assets-{label}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "current")
