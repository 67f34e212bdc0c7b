"""The GIFT and Moodle XML packages imported by the real Moodle, as a teacher imports them
into a course's question bank (question/import.php: stop on the first error, categories from
the file): every question of the file lands, and both packages file a question set under the
same category."""

from __future__ import annotations

from typing import Any

import pytest

from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.packages import PACKAGES, CourseContent
from lms_export_blueprint.packages.export import build_package

# question/import.php with its defaults: stoponerror on, categories and contexts from the file.
IMPORT = """
require_once($CFG->libdir . '/questionlib.php');
require_once($CFG->dirroot . '/question/format.php');
require_once($CFG->dirroot . "/question/format/{$args['format']}/format.php");
$course = get_course($args['courseid']);
$bank = \\local_lmsexport\\local\\question_import::course_bank($course);
$filename = make_request_directory() . '/import.' . $args['format'];
file_put_contents($filename, $args['data']);
$class = "qformat_{$args['format']}";
$format = new $class();
$format->setCategory(question_get_default_category($bank->id, true));
$format->setContexts([$bank]);
$format->setCourse($course);
$format->setFilename($filename);
$format->setRealfilename(basename($filename));
$format->setMatchgrades('error');
$format->setCatfromfile(true);
$format->setContextfromfile(false);
$format->setStoponerror(true);
$format->set_display_progress(false);
ob_start();
$done = $format->importpreprocess() && $format->importprocess() && $format->importpostprocess();
$printed = ob_get_clean();
$questions = [];
foreach ($format->questionids as $id) {
    $entry = $DB->get_record_sql('SELECT q.name, qbe.questioncategoryid AS category
        FROM {question} q JOIN {question_versions} qv ON qv.questionid = q.id
        JOIN {question_bank_entries} qbe ON qbe.id = qv.questionbankentryid WHERE q.id = ?', [$id]);
    $path = [];
    for ($c = $DB->get_record('question_categories', ['id' => $entry->category]); $c && $c->parent;
         $c = $DB->get_record('question_categories', ['id' => $c->parent])) {
        array_unshift($path, $c->name);
    }
    $questions[] = ['name' => $entry->name, 'category' => implode(' / ', $path)];
}
return ['done' => (bool) $done, 'questions' => $questions,
        'printed' => trim(html_to_text($printed, 0, false))];
"""

EVERY_TYPE = {
    "title": "/Unit 1 < Ωmega: top",
    "questions": [
        {"type": "multiple_choice", "text": "Which pigment?",
         "options": ["[html]Chlorophyll", "Keratin", "{braces} = ~tilde"], "answer": 0,
         "feedback": "<p>It is <b>green</b>.</p>"},
        {"type": "multiple_answer", "text": "Pick the gases.", "options": ["O2", "Fe", "CO2"],
         "answers": [0, 2]},
        {"type": "true_false", "text": "Plants respire.", "answer": True},
        {"type": "short_answer", "text": "Name the organelle.",
         "answers": ["chloroplast", "[plain]chloroplasts"]},
        {"type": "numerical", "text": "Carbon atoms in glucose?", "answer": 6,
         "tolerance": 0.5},
        {"type": "essay", "text": "Explain the light reactions."},
        {"type": "matching", "text": "Match.",
         "pairs": [{"prompt": "H<sub>2</sub>O", "match": "water"},
                   {"prompt": "CO2", "match": "carbon <b>dioxide</b>"}],
         "distractors": ["oil"]},
    ],
}
SECOND = {"title": "top", "questions": [
    {"type": "true_false", "text": "A set titled top keeps its questions.", "answer": False}]}
LONG_TITLE = {"title": "T" * 300, "questions": SECOND["questions"]}
ASSETS = {"every-type": EVERY_TYPE, "titled-top": SECOND, "long-title": LONG_TITLE}


def package(kind: str) -> bytes:
    content = CourseContent("Biology", tuple(
        (name, load_content({"asset_name": name, "asset_type": "quiz", "asset_content": set_}))
        for name, set_ in ASSETS.items()))
    return build_package(PACKAGES[kind], content).data


def imported(moodle_site, moodle_course, kind: str) -> dict[str, Any]:
    moodle_format = {"gift": "gift", "moodle_xml": "xml"}[kind]
    return moodle_site.php(IMPORT, courseid=moodle_course.id, format=moodle_format,
                           data=package(kind).decode("utf-8"))


@pytest.mark.parametrize("kind", ["gift", "moodle_xml"])
def test_every_question_of_the_package_lands_in_moodle(moodle_site, moodle_course, kind):
    result = imported(moodle_site, moodle_course, kind)

    assert result["done"], result["printed"]
    expected = sum(len(set_["questions"]) for set_ in ASSETS.values())
    assert len(result["questions"]) == expected, result["printed"]


def test_both_packages_file_a_question_set_under_the_same_category(moodle_site, moodle_course):
    gift = imported(moodle_site, moodle_course, "gift")
    moodle_xml = imported(moodle_site, moodle_course, "moodle_xml")

    assert [question["category"] for question in gift["questions"]] == [
        question["category"] for question in moodle_xml["questions"]]
    assert len({question["category"] for question in gift["questions"]}) == len(ASSETS)
