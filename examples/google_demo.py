"""The demo against Google Classroom: the Google double on 127.0.0.1, an access-token login,
one push, and every question scored the way the Forms answer key scores it
(``demo.py --provider google``)."""

from __future__ import annotations

import argparse
from typing import Any

try:
    from demo_steps import ASSETS, login_and_push, serving
    from host_app import create_app
    from sample_content import COURSES
except ImportError:  # imported as examples.google_demo
    from .demo_steps import ASSETS, login_and_push, serving  # type: ignore[no-redef]
    from .host_app import create_app  # type: ignore[no-redef]
    from .sample_content import COURSES  # type: ignore[no-redef]

from lms_export_blueprint.formats.content import load_question_set
from lms_export_blueprint.testing.google.live import LiveGoogle


def run_google_demo(options: argparse.Namespace) -> int:
    """0 when every auto-graded question scored full marks, 1 otherwise."""
    google = LiveGoogle(port=options.lms_port).start()
    access_token = google.add_user("Demo Teacher", email="teacher@school.example.edu")
    app = create_app({"LMS_BASE_URL": google.base_url, "LMS_PROVIDER": "google"})
    try:
        with serving(app, options.port) as host_url:
            print(f"Google double (Classroom, Forms, Drive) on {google.base_url}, "
                  f"host app on {host_url}\n")
            pushed = login_and_push(host_url, {"access_token": access_token}, module="Week 1")
        return 0 if _grade_all(google, pushed["data"]) else 1
    finally:
        google.stop()


def _grade_all(google: LiveGoogle, data: dict[str, Any]) -> bool:
    """Each question set's form answered right, scored by its answer key."""
    print("\nEach quiz answered right, as its Forms answer key scores it:")
    all_right = True
    course_id = data["lms_course_id"]
    assets = COURSES["bio-101"]["assets"]
    for name, content_id in zip(ASSETS, data["lms_content_ids"], strict=True):
        if assets[name]["asset_type"] not in ("quiz", "question-paper"):
            material = google.materials[course_id][content_id]
            doc_id = material["materials"][0]["driveFile"]["driveFile"]["id"]
            print(f"  {name}: a Google Doc ({google.document(doc_id)['mimeType']}) handed "
                  f"out as course material {content_id}")
            continue
        work = google.course_work[course_id][content_id]
        form = google.form_at(work["materials"][0]["form"]["formUrl"])
        assert form is not None
        answers = right_answers(google.questions(form["formId"]))
        score = google.grade(form["formId"], answers)
        auto = sum(q["question"]["grading"]["pointValue"] for q in google.questions(
            form["formId"]) if q["question"]["grading"].get("correctAnswers"))
        teacher = work["maxPoints"] - auto
        all_right &= score == auto
        print(f"  {name}: {score}/{auto} auto-graded points, {teacher} for the teacher to "
              f"grade ({len(load_question_set(assets[name]).questions)} questions, "
              f"assignment worth {work['maxPoints']})")
    print("\nEvery question type grades right." if all_right else "\nSome questions did not.")
    return all_right


def right_answers(questions: list[dict[str, Any]]) -> dict[str, Any]:
    """A response naming each question's key: every right option of a checkbox, the first
    of the others. What a student who knows the answers submits."""
    answers: dict[str, Any] = {}
    for entry in questions:
        key = [a["value"] for a in (entry["question"]["grading"].get("correctAnswers") or {})
               .get("answers", [])]
        if not key:
            continue
        choice = entry["question"].get("choiceQuestion") or {}
        answers[entry["questionId"]] = key if choice.get("type") == "CHECKBOX" else key[0]
    return answers



