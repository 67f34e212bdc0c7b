"""Deterministic course content for the benchmarks: the shapes of examples/sample_content.py."""

from __future__ import annotations

import functools
from typing import Any

from lms_export_blueprint.bodies import json_bytes
from lms_export_blueprint.formats import default_registry

BENCH_COURSE = "bench-10"        # 10 assets: the latency/throughput push
BIG_COURSE = "bench-1000"        # 1,000 assets
BIG_QUIZ_COURSE = "bench-quiz-2000"  # one quiz of 2,000 questions
META = {"asset_last_updated_at": "2026-11-20T09:30:00Z", "asset_last_updated_by": "teacher-1"}


def question(i: int) -> dict[str, Any]:
    """One question, cycling through the kinds the sample quiz uses."""
    kind = i % 7
    text = f"Question {i}: which of these is true about item {i} in <b>photosynthesis</b>?"
    if kind == 0:
        return {"type": "multiple_choice", "text": text,
                "options": [f"Option {i}-{k}" for k in range(4)], "answer": i % 4,
                "points": 1, "feedback": f"See section {i % 12}."}
    if kind == 1:
        return {"type": "multiple_answer", "text": text,
                "options": [f"Gas {i}-{k}" for k in range(4)], "answers": [0, 2]}
    if kind == 2:
        return {"type": "true_false", "text": text, "answer": bool(i % 2)}
    if kind == 3:
        return {"type": "short_answer", "text": text, "answers": [f"word{i}", f"words{i}"]}
    if kind == 4:
        return {"type": "numerical", "text": text, "answer": i, "tolerance": 0}
    if kind == 5:
        return {"type": "essay", "text": text, "points": 5}
    return {"type": "matching", "text": text, "pairs": [
        {"prompt": f"P{i}a", "match": f"m{i}a"}, {"prompt": f"P{i}b", "match": f"m{i}b"}]}


def quiz(n_questions: int, title: str) -> dict[str, Any]:
    return {"title": title, "instructions": "Answer all questions.",
            "questions": [question(i) for i in range(n_questions)]}


def notes(i: int) -> dict[str, Any]:
    body = "".join(f"<h2>Part {k}</h2><p>Notes paragraph {k} of page {i}.</p>" for k in range(8))
    return {"title": f"Notes {i}", "body": body}


def asset(name: str, asset_type: str, content: Any) -> dict[str, Any]:
    return {"asset_name": name, "asset_type": asset_type, "asset_content": content, **META}


def course_assets(n_assets: int, questions_per_quiz: int = 20) -> dict[str, dict[str, Any]]:
    """Quizzes, question papers and notes in a 5:2:3 mix."""
    assets = {}
    for i in range(n_assets):
        name = f"asset-{i:04d}"
        slot = i % 10
        if slot < 5:
            assets[name] = asset(name, "quiz", quiz(questions_per_quiz, f"Quiz {i}"))
        elif slot < 7:
            assets[name] = asset(name, "question-paper", quiz(questions_per_quiz, f"Paper {i}"))
        else:
            assets[name] = asset(name, "notes", notes(i))
    return assets


@functools.cache
def bench_courses() -> dict[str, dict[str, Any]]:
    """Courses in the host app's COURSES shape (built once; never mutate)."""
    return {
        BENCH_COURSE: {"name": "Bench 10", "description": "Ten assets.",
                       "assets": course_assets(10)},
        BIG_COURSE: {"name": "Bench 1000", "description": "A thousand assets.",
                     "assets": course_assets(1000, questions_per_quiz=5)},
        BIG_QUIZ_COURSE: {"name": "Bench quiz", "description": "One big quiz.",
                          "assets": {"big-quiz": asset("big-quiz", "quiz",
                                                       quiz(2000, "Two thousand questions"))}},
    }


def push_body(course_id: str, export_format: str = "lms_standard") -> dict[str, Any]:
    """The push request a frontend sends for every asset of ``course_id``."""
    return {"asset_names": sorted(bench_courses()[course_id]["assets"]),
            "publish": True, "export_format": export_format}


def lms_body_bytes(course_id: str, export_format: str = "lms_standard") -> bytes:
    """The exact body the extension sends the LMS for ``push_body(course_id)``: the floor's."""
    course = bench_courses()[course_id]
    body = {"course_name": course["name"], "course_description": course["description"],
            "assets": [default_registry.format(course["assets"][name], export_format)
                       for name in sorted(course["assets"])],
            "publish": True}
    return json_bytes(body)
