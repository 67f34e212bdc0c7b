"""Golden outputs: one question of each type (and a page) in every built-in format.

The golden files were checked by hand against each format's reference:
- moodle: Moodle's importer, question/format/xml/format.php (import_multichoice, import_truefalse,
  import_shortanswer, import_numerical, import_essay, import_match, import_headers) and the
  "Moodle XML format" page of the Moodle docs (docs.moodle.org/en/Moodle_XML_format);
- canvas: the Quiz Questions API (canvas.instructure.com/doc/api/quiz_questions.html) and the
  answer parsers in canvas-lms app/models/quizzes/quiz_question/answer_parsers/;
- lms_standard: docs/formats.md, "Question sets".
Set UPDATE_GOLDEN=1 to rewrite them after a deliberate change: a rewritten file fails its test,
so review the diff and run again without it.
"""

import json
import os
from pathlib import Path

import pytest

from lms_export_blueprint.formats import format_asset_for_lms

GOLDEN = Path(__file__).parent / "golden"

QUESTIONS = {
    "multiple_choice": {"type": "multiple_choice", "text": "Which pigment <b>absorbs</b> light?",
                        "options": ["Chlorophyll", "Keratin", "Melanin"], "answer": 0,
                        "points": 2, "feedback": "Chlorophyll is green."},
    "multiple_answer": {"type": "multiple_answer", "text": "Pick the gases.",
                        "options": ["O2", "Fe", "CO2", "N2"], "answers": [0, 2, 3]},
    "true_false": {"type": "true_false", "text": "Plants respire.", "answer": False},
    "short_answer": {"type": "short_answer", "text": "Name the organelle.",
                     "answers": ["chloroplast", "chloro*"]},
    "numerical": {"type": "numerical", "text": "Carbon atoms in glucose?", "answer": 6,
                  "tolerance": 0.5},
    "essay": {"type": "essay", "text": "Explain the light reactions.", "points": 5},
    "matching": {"type": "matching", "text": "Match.",
                 "pairs": [{"prompt": "H2O", "match": "water"},
                           {"prompt": "CO2", "match": "carbon dioxide"}]},
}
SUFFIX = {"moodle": "xml", "canvas": "json", "lms_standard": "json"}


def quiz_asset(question):
    return {"asset_name": "quiz1", "asset_type": "quiz",
            "asset_content": {"title": "Check", "instructions": "Answer all.",
                              "questions": [question]},
            "asset_last_updated_at": "2025-01-01T00:00:00Z", "asset_last_updated_by": "u1"}


def page_asset():
    return {"asset_name": "notes1", "asset_type": "notes",
            "asset_content": "# Light\n\nChlorophyll **absorbs** light.\n\n- red\n- blue",
            "asset_last_updated_at": None, "asset_last_updated_by": None}


def check_golden(name, content):
    path = GOLDEN / name
    text = content if isinstance(content, str) else json.dumps(content, indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN") and (
            not path.exists() or path.read_text(encoding="utf-8") != text):
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"{name} rewritten (UPDATE_GOLDEN): review the diff, then run without it")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("export_format", sorted(SUFFIX))
@pytest.mark.parametrize("question_type", sorted(QUESTIONS))
def test_each_question_type_matches_its_golden_file(question_type, export_format):
    envelope = format_asset_for_lms(quiz_asset(QUESTIONS[question_type]), export_format)
    check_golden(f"{question_type}.{export_format}.{SUFFIX[export_format]}", envelope["content"])


@pytest.mark.parametrize("export_format", sorted(SUFFIX))
def test_a_page_matches_its_golden_file(export_format):
    content = format_asset_for_lms(page_asset(), export_format)["content"]
    suffix = "html" if export_format == "moodle" else SUFFIX[export_format]
    if export_format == "lms_standard":
        suffix = "txt"
    check_golden(f"page.{export_format}.{suffix}", content)


def test_the_envelope_carries_name_type_format_and_metadata():
    envelope = format_asset_for_lms(quiz_asset(QUESTIONS["essay"]), "canvas")
    assert {key: envelope[key] for key in ("name", "type", "format", "metadata")} == {
        "name": "quiz1", "type": "quiz", "format": "canvas",
        "metadata": {"created_at": "2025-01-01T00:00:00Z", "created_by": "u1"}}


#: Issue 10's smallest inputs in one set: escapes in plain-text fields, a title starting with
#: "/", a name that looks like a tag, plain text with angle brackets, HTML feedback and prompt,
#: matching distractors.
FIDELITY = {
    "title": "/Unit 1 < Ωmega",
    "questions": [
        {"type": "short_answer", "text": "Type it.", "answers": ["x < π", "< >"]},
        {"type": "matching", "text": "What does &lt;br&gt; do?",
         "pairs": [{"prompt": "H<sub>2</sub>O", "match": "\u03b1 & \u03b2"},
                   {"prompt": "b", "match": "c"}],
         "distractors": ["sugar", "oil"], "feedback": "<p>See <b>page 4</b>.</p>"},
        {"type": "true_false", "text": "If x<y and y>z, is x<z?", "answer": True},
    ],
}


@pytest.mark.parametrize("export_format", sorted(SUFFIX))
def test_issue_10_inputs_match_their_golden_file(export_format):
    asset = {**quiz_asset(FIDELITY["questions"][0]), "asset_content": FIDELITY}
    content = format_asset_for_lms(asset, export_format)["content"]
    check_golden(f"issue_10.{export_format}.{SUFFIX[export_format]}", content)


def test_an_unpublished_canvas_page_matches_its_golden_file():
    asset = {**page_asset(), "asset_content": "Intro\n\n    indented code\n"}
    content = format_asset_for_lms(asset, "canvas", publish=False)["content"]
    check_golden("page_unpublished.canvas.json", content)
