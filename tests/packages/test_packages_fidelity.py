"""Issue 22, the package defects found by importing adversarial courses into the real importers,
each with the smallest input that showed it. Packages are read back as the importers read them
(tests/packages/readers.py; tests/formats/moodle_import.py for Moodle XML)."""

from __future__ import annotations

import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from readers import QTI, open_zip, read_gift, read_qti

from lms_export_blueprint.errors import InvalidAssetData
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.packages import PACKAGES, CourseContent
from lms_export_blueprint.packages.cc_profile import MATCHING_CONVERTED

sys.path.insert(0, str(Path(__file__).parents[1] / "formats"))
import moodle_import


def course(*question_sets, kind="quiz"):
    assets = tuple((f"set{number}", load_content({
        "asset_name": f"set{number}", "asset_type": kind, "asset_content": content}))
        for number, content in enumerate(question_sets, start=1))
    return CourseContent("Course", assets)


def build(package, *question_sets):
    return PACKAGES[package].build(course(*question_sets))


def quiz(*questions, title="Check", **extra):
    return {"title": title, "questions": list(questions), **extra}


def cc_document(built, number=1):
    return open_zip(built.data).read(f"res_{number:04d}/assessment_qti.xml")


# 1. GIFT: a short answer holding "->" is read as matching (question/format/gift/format.php,
# readquestion's type detection) and stops the whole import: a 422 naming the question.

def test_1_a_gift_short_answer_holding_an_arrow_is_refused_naming_the_question():
    short = {"type": "short_answer", "text": "Arrow?", "answers": ["ok", "a->b"]}

    with pytest.raises(InvalidAssetData) as refused:
        build("gift", quiz({"type": "essay", "text": "E"}, short))

    assert refused.value.asset_name == "set1"
    assert refused.value.field_path == "questions[1].answers[1]"
    assert "->" in refused.value.reason


@pytest.mark.parametrize("package", ["moodle_xml", "imscc", "qti"])
def test_1_other_packages_keep_a_short_answer_holding_an_arrow(package):
    short = {"type": "short_answer", "text": "Arrow?", "answers": ["a->b"]}

    assert build(package, quiz(short)).data


# 2. moodle_xml: per-option feedback survives, written by the moodle format's own writer.

def test_2_moodle_xml_keeps_per_option_feedback():
    choice = {"type": "multiple_choice", "text": "Pick.", "answer": 0, "options": [
        {"text": "Right", "feedback": "Yes, <b>right</b>."}, {"text": "Wrong", "feedback": "No."}]}

    _, [question] = moodle_import.read(build("moodle_xml", quiz(choice)).data.decode())

    assert [answer.text_of("feedback", "text") for answer in question.findall("answer")] == [
        "Yes, <b>right</b>.", "No."]


# 6. GIFT: titles over 255 characters, leading format markers, and category names the same as
# the moodle_xml package's.

TITLES = ["top", "/Unit 1", "<", "Unit\n1", "a\\:b", "Unit 1/", "x" * 300]


@pytest.mark.parametrize("title", TITLES)
def test_6_gift_and_moodle_xml_file_a_set_under_the_same_category(title):
    content = quiz({"type": "true_false", "text": "T?", "answer": True}, title=title)

    [question] = read_gift(build("gift", content).data.decode())
    from_xml, _ = moodle_import.read(build("moodle_xml", content).data.decode())

    assert moodle_import.category(question.category) == from_xml
    assert all(len(name) <= 255 for name in from_xml)


@pytest.mark.parametrize("marker", ["[html]", "[markdown]", "[plain]", "[moodle]"])
def test_6_a_leading_format_marker_in_gift_fields_is_kept_as_text(marker):
    choice = {"type": "multiple_choice", "text": f"{marker}Pick.", "answer": 0,
              "options": [f"{marker}one", "two"], "feedback": f"{marker}because"}
    short = {"type": "short_answer", "text": "Say it.", "answers": [f"{marker}word"]}

    chosen, said = read_gift(build("gift", quiz(choice, short)).data.decode())

    assert chosen.text == f"{marker}Pick." and chosen.text_format == "html"
    assert chosen.answers[0] == (1.0, f"{marker}one")
    assert chosen.general_feedback == f"{marker}because"
    assert said.answers == [(1.0, f"{marker}word")]


# 7. HTML matching answers: the text a reader sees, in GIFT and QTI (texttype="text/plain").

MATCHING = {"type": "matching", "text": "Match.", "pairs": [
    {"prompt": "H2O", "match": "<b>water</b> &amp; ice"}, {"prompt": "O3", "match": "ozone"}],
    "distractors": ["<i>neon</i>"]}


def test_7_gift_writes_html_matches_as_the_text_a_reader_sees():
    [question] = read_gift(build("gift", quiz(MATCHING)).data.decode())

    assert question.pairs == [("H2O", "water & ice"), ("O3", "ozone"), ("", "neon")]


def test_7_qti_writes_html_matches_as_the_text_a_reader_sees():
    archive = open_zip(build("qti", quiz(MATCHING)).data)

    _, [item] = read_qti(archive.read("quiz_0001/quiz_0001.xml"))

    assert item.right == {"H2O": "water & ice", "O3": "ozone"}
    assert "neon" in item.options


# 8. IMS CC: plain decimals, instructions in the rubric, the matching header's words.

@pytest.mark.parametrize(("number", "written"), [
    (1e-07, "0.0000001"), (6.02214076e23, "602214076000000000000000"), (2.5, "2.5")])
def test_8_imscc_numerical_answers_are_plain_decimals(number, written):
    numerical = {"type": "numerical", "text": "How much?", "answer": number}

    _, [item] = read_qti(cc_document(build("imscc", quiz(numerical))))

    assert item.right == [written]


def test_8_qti_numerical_answers_are_plain_decimals():
    numerical = {"type": "numerical", "text": "How much?", "answer": 1e-07, "tolerance": 1e-08}
    document = open_zip(build("qti", quiz(numerical)).data).read("quiz_0001/quiz_0001.xml")

    tests = ET.fromstring(document).iter(f"{QTI}varequal")
    assert [test.text for test in tests] == ["0.0000001"]
    assert b"e-0" not in document


def test_8_imscc_instructions_go_in_the_assessment_rubric_and_a_warning_says_so():
    built = build("imscc", quiz({"type": "essay", "text": "E"}, instructions="Read <b>all</b>."))

    assessment = ET.fromstring(cc_document(built)).find(f"{QTI}assessment")
    children = [child.tag.removeprefix(QTI) for child in assessment]
    rubric = assessment.find(f"{QTI}rubric/{QTI}material/{QTI}mattext")
    assert children == ["qtimetadata", "rubric", "section"]  # the QTI 1.2 order
    assert rubric.text == "Read <b>all</b>." and rubric.get("texttype") == "text/html"
    assert any("rubric" in warning for warning in built.warnings)


def test_8_the_matching_warning_says_what_importers_give():
    built = build("imscc", quiz(dict(MATCHING, points=2)))

    assert f"set1: {MATCHING_CONVERTED}" in built.warnings
    assert "split evenly" not in MATCHING_CONVERTED
    scores = [item.points for item in read_qti(cc_document(built))[1]]
    assert scores == [1.0, 1.0]  # 2 points over 2 prompts: 1 each, as the warning says
