"""The demo against Canvas: the Canvas double on 127.0.0.1, an access-token login, one push,
and every question graded the way Canvas would grade it (``demo.py --provider canvas``)."""

from __future__ import annotations

import argparse
from typing import Any

try:
    from demo_steps import ASSETS, login_and_push, serving
    from host_app import create_app
    from sample_content import COURSES
except ImportError:  # imported as examples.canvas_demo
    from .demo_steps import ASSETS, login_and_push, serving  # type: ignore[no-redef]
    from .host_app import create_app  # type: ignore[no-redef]
    from .sample_content import COURSES  # type: ignore[no-redef]

from lms_export_blueprint.formats import model
from lms_export_blueprint.formats.content import load_question_set
from lms_export_blueprint.providers.canvas.new_quizzes import BLANK_ID
from lms_export_blueprint.testing.canvas import grade
from lms_export_blueprint.testing.canvas.live import LiveCanvas


def run_canvas_demo(options: argparse.Namespace) -> int:
    """0 when every question graded right, 1 otherwise."""
    canvas = LiveCanvas(port=options.lms_port).start()
    access_token = canvas.add_user("Demo Teacher", email="teacher@example.edu",
                                   admin_of=[canvas.account_id])
    app = create_app({"LMS_BASE_URL": canvas.base_url, "LMS_PROVIDER": "canvas",
                      "LMS_CANVAS_ACCOUNT_ID": canvas.account_id,
                      "LMS_CANVAS_QUIZ_ENGINE": options.engine})
    try:
        with serving(app, options.port) as host_url:
            print(f"Canvas double on {canvas.base_url} ({options.engine} quizzes), "
                  f"host app on {host_url}\n")
            pushed = login_and_push(host_url, {"access_token": access_token})
        return 0 if _grade_all(canvas, pushed, options.engine) else 1
    finally:
        canvas.stop()


def _grade_all(canvas: LiveCanvas, pushed: dict[str, Any], engine: str) -> bool:
    print("\nEach question as a student with the right answer would see it graded:")
    all_right = True
    assets = COURSES["bio-101"]["assets"]
    for name, content_id in zip(ASSETS, pushed["data"]["lms_content_ids"], strict=True):
        if assets[name]["asset_type"] not in ("quiz", "question-paper"):
            print(f"  {name}: page '{content_id}'")
            continue
        stored = (canvas.items(int(content_id)) if engine == "new"
                  else canvas.published_questions(int(content_id)))
        questions = load_question_set(assets[name]).questions
        for question, landed in zip(questions, stored, strict=True):
            verdict = grade(landed, right_answer(question, engine))
            all_right &= verdict is not False
            shown = {True: "full marks", False: "WRONG", None: "graded by a teacher"}[verdict]
            print(f"  {name}: {question.type:<16} {shown}")
    print("\nEvery question type grades right." if all_right else "\nSome questions did not.")
    return all_right


def right_answer(question: model.Question, engine: str) -> Any:
    """The answer a student gives for full marks, as grade() takes it."""
    if isinstance(question, model.MultipleChoice):
        return question.options[question.answer]
    if isinstance(question, model.MultipleAnswer):
        return [question.options[index] for index in question.answers]
    if isinstance(question, model.TrueFalse):
        return question.answer if engine == "new" else str(question.answer)
    if isinstance(question, model.ShortAnswer):
        return {BLANK_ID: question.answers[0]} if engine == "new" else question.answers[0]
    if isinstance(question, model.Numerical):
        return question.answer
    if isinstance(question, model.Matching):
        return {pair.prompt: pair.match for pair in question.pairs}
    return "An answer for a teacher to read."
