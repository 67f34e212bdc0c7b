"""The hardest inputs of the format-fidelity tests through Moodle's real importer: what Moodle
stores must be what the Python model of its import (tests/formats/moodle_import.py) predicts, so
that model, which the fast tests rely on, is checked against Moodle itself."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from lms_export_blueprint.formats import format_asset_for_lms

MODEL_PATH = Path(__file__).parents[1] / "formats" / "moodle_import.py"
_spec = importlib.util.spec_from_file_location("moodle_import_model", MODEL_PATH)
moodle_import = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = moodle_import  # its dataclasses look their module up there
_spec.loader.exec_module(moodle_import)

STORED = """
$sql = "SELECT q.id, q.name, q.qtype, q.questiontext, qbe.questioncategoryid AS category
          FROM {quiz_slots} s
          JOIN {question_references} qr ON qr.itemid = s.id AND qr.component = 'mod_quiz'
               AND qr.questionarea = 'slot'
          JOIN {question_bank_entries} qbe ON qbe.id = qr.questionbankentryid
          JOIN {question_versions} qv ON qv.questionbankentryid = qbe.id
          JOIN {question} q ON q.id = qv.questionid
         WHERE s.quizid = ? ORDER BY s.slot";
$questions = [];
foreach ($DB->get_records_sql($sql, [$args['quizid']]) as $q) {
    $path = [];
    for ($c = $DB->get_record('question_categories', ['id' => $q->category]); $c;
         $c = $c->parent ? $DB->get_record('question_categories', ['id' => $c->parent]) : null) {
        array_unshift($path, $c->name);
    }
    $questions[] = [
        'name' => $q->name, 'qtype' => $q->qtype, 'category' => $path,
        'answers' => array_values($DB->get_fieldset_select('question_answers', 'answer',
            'question = ? ORDER BY id', [$q->id])),
        'fractions' => array_map('floatval', array_values($DB->get_fieldset_select(
            'question_answers', 'fraction', 'question = ? ORDER BY id', [$q->id]))),
        'subquestions' => array_values(array_map(fn($s) => [$s->questiontext, $s->answertext],
            $DB->get_records('qtype_match_subquestions', ['questionid' => $q->id], 'id'))),
        'tolerances' => array_map('floatval', array_values($DB->get_fieldset_select(
            'question_numerical', 'tolerance', 'question = ? ORDER BY id', [$q->id]))),
    ];
}
return $questions;
"""

HARDEST = {
    "escapes": {
        "title": "/Unit 1 < Ωmega",
        "questions": [
            {"type": "short_answer", "text": "Type it.", "answers": ["x < π", "< >", "a & b"]},
            {"type": "matching", "text": "What does &lt;br&gt; do?",
             "pairs": [{"prompt": "H<sub>2</sub>O", "match": "\u03b1 & \u03b2"},
                       {"prompt": "b", "match": "]]> c"}],
             "distractors": ["sugar", "oil"], "feedback": "<p>See <b>page 4</b>.</p>"},
            {"type": "true_false", "text": "If x<y and y>z, is x<z?", "answer": True},
        ],
    },
    "names": {
        "title": "T" * 256,
        "questions": [
            {"type": "essay", "text": "<p>Ünïcødé — 漢字 — emoji 🌱</p>"},
            {"type": "multiple_choice", "text": "<b>Bold</b> then x < y " + "long " * 60,
             "options": ["<i>one</i>", "two & three", "four"], "answer": 1},
        ],
    },
    "grading": {
        "title": "top",
        "questions": [
            {"type": "numerical", "text": "Pi?", "answer": 3.14159, "tolerance": 0.001},
            {"type": "multiple_answer", "text": "Pick five.",
             "options": ["a", "b", "c", "d", "e", "f"], "answers": [0, 1, 2, 3, 4]},
            {"type": "multiple_answer", "text": "Pick three.",
             "options": ["a", "b", "c"], "answers": [0, 1, 2]},
        ],
    },
}


def imported(moodle_site, moodle_course, content):
    xml = format_asset_for_lms({"asset_name": "q", "asset_type": "quiz",
                                "asset_content": content}, "moodle")["content"]
    quiz = moodle_site.call(moodle_course.teacher_token, "local_lmsexport_import_quiz",
                            courseid=moodle_course.id, name="Fidelity", questionsxml=xml)
    return xml, moodle_site.php(STORED, quizid=quiz["quizid"])


@pytest.mark.parametrize("case", sorted(HARDEST))
def test_moodle_stores_what_the_model_of_its_import_predicts(moodle_site, moodle_course, case):
    xml, stored = imported(moodle_site, moodle_course, HARDEST[case])
    category, questions = moodle_import.read(xml)

    assert len(stored) == len(questions) == len(HARDEST[case]["questions"])
    for saved, modelled in zip(stored, questions, strict=True):
        assert saved["category"] == category
        assert saved["name"] == moodle_import.question_name(modelled)
        if saved["qtype"] == "match":
            pairs, distractors = moodle_import.matching(modelled)
            assert saved["subquestions"] == [list(pair) for pair in pairs] + [
                ["", answer] for answer in distractors]
        elif saved["qtype"] in ("shortanswer", "numerical"):
            assert saved["answers"] == [item.text_of() for item in modelled.findall("answer")]


def test_right_answers_share_the_whole_mark_and_tolerances_hold(moodle_site, moodle_course):
    _, stored = imported(moodle_site, moodle_course, HARDEST["grading"])
    numerical, five, three = stored

    assert numerical["tolerances"] == [0.001]
    assert sum(fraction for fraction in five["fractions"] if fraction > 0) == pytest.approx(1)
    assert sum(fraction for fraction in three["fractions"] if fraction > 0) == pytest.approx(1)
    assert [fraction < 0 for fraction in five["fractions"]] == [False] * 5 + [True]
