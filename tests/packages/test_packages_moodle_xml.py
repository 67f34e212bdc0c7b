"""moodle_xml: one <quiz> for Moodle's XML question import, a category per question set,
each written by the moodle export format (formats/moodle.py)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from package_course import ASSETS, course_content

from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.formats.html import text_html
from lms_export_blueprint.formats.moodle import quiz_xml
from lms_export_blueprint.formats.moodle_limits import category_name
from lms_export_blueprint.packages import PACKAGES
from lms_export_blueprint.packages.base import PAGES_DROPPED


def build(*names: str):
    return PACKAGES["moodle_xml"].build(course_content(*names))


def test_one_quiz_with_a_category_before_each_question_set():
    quiz = ET.fromstring(build("every-type", "exam").data)

    types = [question.get("type") for question in quiz.findall("question")]

    assert quiz.tag == "quiz"
    assert types == ["category", "multichoice", "multichoice", "truefalse", "shortanswer",
                     "numerical", "essay", "matching", "category", "truefalse", "numerical"]
    categories = [q.findtext("category/text") for q in quiz.findall("question[@type='category']")]
    long_title, _ = category_name(load_content(ASSETS["every-type"]).title)  # shortened to 255
    assert categories == ["$course$/top/" + long_title,
                          "$course$/top/Exam//2026"]


def test_each_set_is_exactly_what_the_moodle_format_writes():
    question_set = load_content(ASSETS["every-type"])
    alone = ET.fromstring(quiz_xml(question_set).encode("utf-8"))

    packaged = ET.fromstring(build("every-type").data)

    assert [ET.tostring(q) for q in packaged] == [ET.tostring(q) for q in alone]


def test_pages_are_left_out_and_named():
    built = build("notes", "exam")

    assert built.warnings == [f"notes: {PAGES_DROPPED}"]
    assert len(ET.fromstring(built.data).findall("question")) == 3


def test_questions_map_back_to_their_text_and_right_answers():
    """As qformat_xml reads them (question/format/xml/format.php): questiontext, answers with
    a positive fraction, numerical tolerance, match subquestions."""
    question_set = load_content(ASSETS["every-type"])
    quiz = ET.fromstring(build("every-type").data)

    questions = quiz.findall("question")[1:]

    assert [q.findtext("questiontext/text") for q in questions] == [
        text_html(question.text) for question in question_set.questions]
    choice, several, truth, short, number, _essay, matching = questions
    assert right_answers(choice) == ["Chlorophyll"]
    assert right_answers(several) == ["O2", "CO2"]
    assert right_answers(truth) == ["true"]
    assert right_answers(short) == ["chloroplast", "chloro\\*plast"]
    assert right_answers(number) == ["6"]
    assert number.findtext("answer/tolerance") == "0.5"
    assert [(s.findtext("text"), s.findtext("answer/text"))
            for s in matching.findall("subquestion")] == [
        (text_html(pair.prompt), pair.match) for pair in question_set.questions[6].pairs]


def right_answers(question: ET.Element) -> list[str]:
    return [answer.findtext("text") for answer in question.findall("answer")
            if float(answer.get("fraction")) > 0]


def test_a_title_moodle_cannot_hold_is_shortened_and_the_warnings_say_so():
    built = build("every-type", "exam")

    assert built.warnings == [
        "every-type: Moodle category title shortened to 255 characters, the most "
        "question_categories.name holds"]
