"""The demo against Moodle: the Moodle double on 127.0.0.1 (web services and the
``local_lmsexport`` plugin), a username and password login, one push, and every question marked
the way Moodle would mark a student's right answer (``demo.py --provider moodle``)."""

from __future__ import annotations

import argparse
from typing import Any

try:
    from demo_steps import ASSETS, login_and_push, serving
    from host_app import create_app
    from sample_content import COURSES
except ImportError:  # imported as examples.moodle_demo
    from .demo_steps import ASSETS, login_and_push, serving  # type: ignore[no-redef]
    from .host_app import create_app  # type: ignore[no-redef]
    from .sample_content import COURSES  # type: ignore[no-redef]

from lms_export_blueprint.formats import model
from lms_export_blueprint.formats.content import load_question_set
from lms_export_blueprint.testing.moodle.live import LiveMoodle

TEACHER = {"username": "demo.teacher", "password": "correct horse battery staple"}


def run_moodle_demo(options: argparse.Namespace) -> int:
    """0 when every question earned its points, 1 otherwise."""
    moodle = LiveMoodle(port=options.lms_port).start()
    # A category manager: may create the course, and is enrolled in it as its editing teacher.
    moodle.add_user(TEACHER["username"], TEACHER["password"], fullname="Demo Teacher",
                    manager_of=[1])
    app = create_app({"LMS_BASE_URL": moodle.base_url, "LMS_PROVIDER": "moodle"})
    try:
        with serving(app, options.port) as host_url:
            print(f"Moodle double on {moodle.base_url}, host app on {host_url}\n")
            pushed = login_and_push(host_url, TEACHER)  # a username and password
        return 0 if _mark_all(moodle, pushed) else 1
    finally:
        moodle.stop()


def _mark_all(moodle: LiveMoodle, pushed: dict[str, Any]) -> bool:
    print("\nEach question as Moodle marks a student's right answer:")
    all_right = True
    assets = COURSES["bio-101"]["assets"]
    for name, cmid in zip(ASSETS, pushed["data"]["lms_content_ids"], strict=True):
        if assets[name]["asset_type"] not in ("quiz", "question-paper"):
            print(f"  {name}: page, course module {cmid}")
            continue
        questions = load_question_set(assets[name]).questions
        marks = moodle.grade(cmid, [right_answer(question) for question in questions])
        for question, mark in zip(questions, marks, strict=True):
            earned = mark is None or mark == question.points
            all_right &= earned
            shown = ("graded by a teacher" if mark is None
                     else f"full marks ({model.number(mark)})" if earned else "WRONG")
            print(f"  {name}: {question.type:<16} {shown}")
    print("\nEvery question type grades right." if all_right else "\nSome questions did not.")
    return all_right


def right_answer(question: model.Question) -> Any:
    """The answer a student gives for full marks, as ``MoodleDouble.grade`` takes it."""
    if isinstance(question, model.MultipleChoice):
        return question.answer
    if isinstance(question, model.MultipleAnswer):
        return list(question.answers)
    if isinstance(question, (model.TrueFalse, model.Numerical)):
        return question.answer
    if isinstance(question, model.ShortAnswer):
        return question.answers[0]
    if isinstance(question, model.Matching):
        return {pair.prompt: pair.match for pair in question.pairs}
    return "An answer for a teacher to read."
