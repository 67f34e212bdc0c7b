"""A course with every question type and the text that breaks writers: HTML, <, &, unicode,
GIFT's reserved characters, blank lines, ']]>' and long titles; and a host app serving it.

Not a conftest.py: tests elsewhere import the top conftest by name, and a second one would
take that name.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from lms_export_blueprint import LMSExport
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.packages import CourseContent

LONG_TITLE = "Photosynthesis — «revisión» " + "very long title " * 20
COURSE_NAME = 'Biología 101: "Año" / 2 ✓'

EVERY_TYPE: dict[str, Any] = {
    "title": LONG_TITLE,
    "instructions": "Answer all questions & show <working>.",
    "questions": [
        {"type": "multiple_choice", "text": "Which pigment absorbs <b>light</b>?",
         "options": ["Chlorophyll", "Keratin & <co>", "%50% sure"], "answer": 0,
         "feedback": "Chlorophyll is green."},
        {"type": "multiple_answer", "text": "Pick the gases: 3 < 5 & {x}",
         "options": ["O2", "Fe", "CO2"], "answers": [0, 2], "points": 2},
        {"type": "true_false", "text": "Plants respire. ~ = # { } : \\ done", "answer": True},
        {"type": "short_answer", "text": "Name the organelle.\n\nOne word, ]]> allowed.",
         "answers": ["chloroplast", "chloro*plast"]},
        {"type": "numerical", "text": "Carbon atoms in glucose?", "answer": 6,
         "tolerance": 0.5, "points": 1.5},
        {"type": "essay", "text": "Explain — ¿qué? 光合作用 🌱"},
        {"type": "matching", "text": "Match.", "points": 3, "pairs": [
            {"prompt": "H<sub>2</sub>O", "match": "water"},
            {"prompt": "CO2 -> gas", "match": "carbon dioxide = CO₂"},
            {"prompt": "O3", "match": "ozone"},
        ]},
    ],
}
NOTES = {"title": "Light & dark reactions ☀", "body": "# Light\n\nHappens in *thylakoids* < 1 µm."}

ASSETS = {
    "every-type": {"asset_name": "every-type", "asset_type": "quiz",
                   "asset_content": EVERY_TYPE},
    "notes": {"asset_name": "notes", "asset_type": "notes", "asset_content": NOTES},
    "exam": {"asset_name": "exam", "asset_type": "question-paper", "asset_content": {
        "title": "Exam/2026", "questions": [
            {"type": "true_false", "text": "Mitochondria make glucose.", "answer": False},
            {"type": "numerical", "text": "Leaves on 3 plants of 12?", "answer": 36}]}},
    "broken": {"asset_name": "broken", "asset_type": "quiz",
               "asset_content": {"questions": [{"type": "multiple_choice", "text": "?"}]}},
    "ünïcode-asset": {"asset_name": "ünïcode-asset", "asset_type": "notes",
                      "asset_content": "Plain text page"},
}
USERS = {"teacher-token": "teacher-1"}


def course_content(*names: str) -> CourseContent:
    return CourseContent(COURSE_NAME, tuple((name, load_content(ASSETS[name]))
                                            for name in names))


def make_package_app(lms_base_url: str) -> Flask:
    """A host app whose only course, "bio", is the one above."""
    app = Flask(__name__)
    app.config.update(TESTING=True, LMS_BASE_URL=lms_base_url)
    LMSExport(app, user_loader=USERS.get,
              course_loader=lambda course_id: ({"name": COURSE_NAME, "description": ""}
                                               if course_id == "bio" else None),
              asset_loader=lambda course_id, name: ASSETS.get(name) if course_id == "bio"
              else None)
    return app
