"""Time and peak memory to format a 2,000-question set (every type) into each built-in format.

Three inputs: the canonical shape (the loader's fast path), the same with ``<strong>``,
``<span>`` and ``<sup>`` in every question's text (tags whose ``<s`` once sent each text
through the sanitizer to learn it shows something: BENCHMARKS.md, "2026-12-07, night"), and the
set with each multiple choice answer given as a letter (an alias: the marshmallow schemas load
the whole set). Then the 140 questions of a typical 10-asset push as one quiz
(``bench.content.quiz``, dict content).

Run from the repository root: .venv/bin/python bench/bench_formats.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.content import asset as course_asset
from bench.content import quiz
from lms_export_blueprint.formats import default_registry, format_asset_for_lms

QUESTION_COUNT = 2000
RUNS = 7
PUSH_QUESTIONS, PUSH_RUNS = 140, 31

TEMPLATES = [
    {"type": "multiple_choice", "text": "Which pigment absorbs <b>light</b>? ({n})",
     "options": ["Chlorophyll", "Keratin", "Melanin", "Haemoglobin"], "answer": "A",
     "feedback": "Chlorophyll is green."},
    {"type": "multiple_answer", "text": "Pick the gases. ({n})",
     "options": ["O2", "Fe", "CO2", "N2", "Cu"], "answers": [0, 2, 3]},
    {"type": "true_false", "text": "Plants respire. ({n})", "answer": True},
    {"type": "short_answer", "text": "Name the organelle. ({n})",
     "answers": ["chloroplast", "chloroplasts"]},
    {"type": "numerical", "text": "Carbon atoms in glucose? ({n})", "answer": 6, "tolerance": 0},
    {"type": "essay", "text": "Explain the light reactions. ({n})", "points": 5},
    {"type": "matching", "text": "Match. ({n})",
     "pairs": [{"prompt": "H2O", "match": "water"}, {"prompt": "CO2", "match": "carbon dioxide"},
               {"prompt": "O2", "match": "oxygen"}]},
]


def question_set_asset(letter_answers: bool, tags_with_s: bool = False) -> dict:
    questions = []
    for n in range(QUESTION_COUNT):
        question = dict(TEMPLATES[n % len(TEMPLATES)])
        question["text"] = question["text"].format(n=n)
        if tags_with_s:
            question["text"] = (question["text"].replace("<b>", "<strong>").replace(
                "</b>", "</strong>") + " <span>x<sup>2</sup></span>")
        if question["type"] == "multiple_choice" and not letter_answers:
            question["answer"] = 0
        questions.append(question)
    content = {"title": "Benchmark", "instructions": "Answer all.", "questions": questions}
    return {"asset_name": "bench", "asset_type": "quiz", "asset_content": json.dumps(content),
            "asset_last_updated_at": None, "asset_last_updated_by": None}


def measure(asset: dict, export_format: str, runs: int = RUNS) -> tuple[float, float, int]:
    """Median seconds, peak MiB traced while formatting once, and the output size in bytes."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        content = format_asset_for_lms(asset, export_format)["content"]
        timings.append(time.perf_counter() - start)
    tracemalloc.start()
    format_asset_for_lms(asset, export_format)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = len(content if isinstance(content, str) else json.dumps(content))
    return statistics.median(timings), peak / 2**20, size


def main() -> None:
    print(f"Formatting a {QUESTION_COUNT:,}-question set (JSON string content, all 7 types), "
          f"median of {RUNS} runs\n")
    print("| input | format | median time (ms) | µs per question | peak memory (MiB) "
          "| output size (KiB) |")
    print("|---|---|---:|---:|---:|---:|")
    for label, letter_answers, tags_with_s in (("canonical", False, False),
                                               ("canonical, <strong> <span> <sup>", False, True),
                                               ("letter answers", True, False)):
        asset = question_set_asset(letter_answers, tags_with_s)
        for export_format in default_registry.names:
            seconds, peak_mib, size = measure(asset, export_format)
            print(f"| {label} | {export_format} | {seconds * 1000:.0f} "
                  f"| {seconds / QUESTION_COUNT * 1e6:.0f} | {peak_mib:.1f} | {size / 1024:.0f} |")
    push_quiz = course_asset("quiz-140", "quiz", quiz(PUSH_QUESTIONS, "Q"))
    print(f"\nThe {PUSH_QUESTIONS} questions of a 10-asset push as one quiz (canonical dict "
          f"content), median of {PUSH_RUNS} runs\n")
    print("| format | median time (ms) | µs per question |")
    print("|---|---:|---:|")
    for export_format in default_registry.names:
        seconds = measure(push_quiz, export_format, PUSH_RUNS)[0]
        print(f"| {export_format} | {seconds * 1000:.2f} | {seconds / PUSH_QUESTIONS * 1e6:.1f} |")


if __name__ == "__main__":
    main()
