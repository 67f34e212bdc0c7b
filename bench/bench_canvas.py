"""A quiz pushed to Canvas by the provider vs the same quiz by a plain canvasapi script.

Both talk to the Canvas double over real HTTP (``LiveCanvas``) with a fixed latency per
request and the throttle on (Canvas's defaults: a 600-unit bucket per token, 50 reserved up
front, charged the time each request took). Reported: requests per question, throttle
refusals, wall time of each, and their ratio. Both send the same payloads (formats/canvas.py):
the quiz, each question, then ``quiz[published]``; the provider sends its questions several at a
time and one reorder (providers/canvas/filling.py). Each pushed quiz is checked: every question
published, in order, and grading right (``grade()``).

Run from the repository root: .venv/bin/python bench/bench_canvas.py [--latency 0.03]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from canvasapi import Canvas
from flask import Flask

from bench.content import quiz
from lms_export_blueprint import LMSExport
from lms_export_blueprint.formats.canvas import format_canvas
from lms_export_blueprint.testing.canvas import grade
from lms_export_blueprint.testing.canvas.live import LiveCanvas

RUNS = 5
ASSET = {"asset_name": "exam", "asset_type": "quiz"}


def host_app(canvas: LiveCanvas, questions: int) -> Flask:
    asset = {**ASSET, "asset_content": quiz(questions, "Benchmark quiz")}
    app = Flask(__name__)
    app.config.update(LMS_BASE_URL=canvas.base_url, LMS_PROVIDER="canvas",
                      LMS_DEADLINE=600, LMS_TIMEOUT=60)
    LMSExport(app, user_loader=lambda token: "teacher" if token == "t" else None,
              course_loader=lambda course_id: {"name": "Benchmark course"},
              asset_loader=lambda course_id, name: asset if name == "exam" else None)
    return app


def by_provider(canvas: LiveCanvas, token: str, course_id: int, questions: int) -> float:
    client = host_app(canvas, questions).test_client()
    bearer = {"Authorization": "Bearer t"}
    login = client.post("/api/login-lms", headers=bearer, json={"access_token": token})
    assert login.status_code == 200, login.json
    start = time.perf_counter()
    answer = client.post("/api/courses/c/push-to-lms", headers={**bearer, "X-LMS-Token": token},
                         json={"asset_names": ["exam"], "publish": True,
                               "lms_course_id": str(course_id)})
    elapsed = time.perf_counter() - start
    assert answer.status_code == 200, answer.json
    return elapsed


def by_canvasapi(canvas: LiveCanvas, token: str, course_id: int, questions: int) -> float:
    payload = format_canvas({**ASSET, "asset_content": quiz(questions, "Benchmark quiz")})
    start = time.perf_counter()
    course = Canvas(canvas.base_url, token).get_course(course_id)
    created = course.create_quiz(payload["quiz"])
    for question in payload["questions"]:
        created.create_question(question=question)
    created.edit(quiz={"published": True})
    return time.perf_counter() - start


def right_answer(number: int) -> Any:
    """What earns full marks on bench.content.question(number); None for the essay."""
    kind = number % 7
    return [f"Option {number}-{number % 4}", [f"Gas {number}-0", f"Gas {number}-2"],
            "True" if number % 2 else "False", f"word{number}", number, None,
            {f"P{number}a": f"m{number}a", f"P{number}b": f"m{number}b"}][kind]


def check_quiz(published: list[dict[str, Any]], questions: int) -> None:
    """Every question there, in the order sent (its ``Q<n>`` label), grading right."""
    assert [q["question_name"].split()[0] for q in published] == [
        f"Q{n}" for n in range(1, questions + 1)]
    for number, question in enumerate(published):
        right = right_answer(number)
        assert grade(question, "essay") is None if right is None else grade(question, right)


def measure(push: Any, questions: int, latency: float) -> dict[str, float]:
    """Median wall time over RUNS, requests per question and refusals, each on a fresh double."""
    timings, per_question, refused_total = [], [], 0
    for _ in range(RUNS):
        with LiveCanvas() as canvas:
            canvas.latency = latency
            token = canvas.add_user("Bench Teacher", admin_of=[canvas.account_id])
            course_id = canvas.add_course("Benchmark course", teacher=token)
            sent_before = len(canvas.calls)
            timings.append(push(canvas, token, course_id, questions))
            posts = [c for c in canvas.calls[sent_before:]
                     if c.method == "POST" and c.path.endswith("/questions")]
            per_question.append(len(posts) / questions)
            refused_total += canvas.throttle.refused
            (quiz_id,) = canvas.quizzes
            check_quiz(canvas.published_questions(quiz_id), questions)
    return {"seconds": statistics.median(timings), "requests_per_question": max(per_question),
            "refused": refused_total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.03)
    parser.add_argument("--questions", type=int, default=40)
    options = parser.parse_args()
    provider = measure(by_provider, options.questions, options.latency)
    script = measure(by_canvasapi, options.questions, options.latency)
    print(f"{options.questions} questions, {options.latency * 1000:.0f} ms latency, "
          f"throttle on, median of {RUNS}")
    print("| pushed by | wall s | requests per question | throttle refusals |")
    print("|---|---:|---:|---:|")
    for name, figures in (("provider (POST push-to-lms)", provider), ("canvasapi script", script)):
        print(f"| {name} | {figures['seconds']:.2f} | {figures['requests_per_question']:g} "
              f"| {figures['refused']:g} |")
    print(f"wall time ratio provider / canvasapi: {provider['seconds'] / script['seconds']:.2f}")


if __name__ == "__main__":
    main()
