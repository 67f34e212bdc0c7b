"""qti: the zip Canvas's "QTI .zip file" import takes; every question type kept as Canvas's
own QTI export writes it (canvas-lms lib/cc/qti/qti_items.rb, qti_generator.rb)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from package_course import ASSETS, course_content
from readers import CP, open_zip, read_qti

from lms_export_blueprint.formats import model
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.formats.html import text_html
from lms_export_blueprint.packages import PACKAGES
from lms_export_blueprint.packages.base import PAGES_DROPPED

CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"


def build(*names: str):
    return PACKAGES["qti"].build(course_content(*names))


def quizzes(archive):
    """Each quiz resource's QTI file and its assessment_meta.xml, via the manifest."""
    root = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in root.iter(f"{CP}resource")}
    found = []
    for resource in resources.values():
        if resource.get("type") != "imsqti_xmlv1p2":
            continue
        [dependency] = resource.findall(f"{CP}dependency")
        meta = resources[dependency.get("identifierref")]
        found.append((resource.find(f"{CP}file").get("href"), meta.get("href")))
    return found


def test_each_question_set_is_a_qti_resource_with_its_canvas_settings_file():
    archive = open_zip(build("every-type", "exam").data)

    [(first, first_meta), (second, _)] = quizzes(archive)

    assert [read_qti(archive.read(path))[0] for path in (first, second)] == [
        load_content(ASSETS["every-type"]).title, "Exam/2026"]
    meta = ET.fromstring(archive.read(first_meta))
    assert meta.findtext(f"{CANVAS}title") == load_content(ASSETS["every-type"]).title
    assert float(meta.findtext(f"{CANVAS}points_possible")) == pytest.approx(
        load_content(ASSETS["every-type"]).points)
    assert meta.findtext(f"{CANVAS}description") == text_html(
        "Answer all questions & show <working>.")


def test_every_question_type_maps_back_to_its_canvas_type_and_right_answers():
    question_set = load_content(ASSETS["every-type"])
    archive = open_zip(build("every-type").data)
    [(path, _)] = quizzes(archive)

    _, items = read_qti(archive.read(path))

    assert [item.kind for item in items] == [
        "multiple_choice_question", "multiple_answers_question", "true_false_question",
        "short_answer_question", "numerical_question", "essay_question", "matching_question"]
    for question, item in zip(question_set.questions, items, strict=True):
        assert item.text == text_html(question.text)
        assert item.points == question.points
    choice, several, truth, short, number, _essay, matching = items
    assert choice.right == ["Chlorophyll"]
    assert choice.feedback == "Chlorophyll is green."
    assert several.right == ["CO2", "O2"]
    assert truth.right == ["True"]
    assert short.right == ["chloroplast", "chloro*plast"]
    assert number.right == (6.0, 5.5, 6.5)
    assert matching.right == {text_html(pair.prompt): pair.match
                              for pair in question_set.questions[6].pairs}


def test_a_numerical_answer_without_tolerance_has_a_margin_of_zero():
    """Canvas's importer takes an exact answer only from inside <or>, its margin from the
    <and> range next to it (qti_exporter numeric_interaction.rb)."""
    archive = open_zip(build("exam").data)
    [(path, _)] = quizzes(archive)

    _, [_, number] = read_qti(archive.read(path))

    assert number.right == (36, 36, 36)


def test_matching_offers_its_distractors_among_the_matches():
    matching = model.Matching(text="Match.", pairs=(model.Pair("a", "1"), model.Pair("b", "2")),
                              distractors=("3", "4"))
    content = course_content()
    content = type(content)(content.course_name,
                            (("m", model.QuestionSet("M", None, (matching,))),))
    archive = open_zip(PACKAGES["qti"].build(content).data)
    [(path, _)] = quizzes(archive)

    _, [item] = read_qti(archive.read(path))

    assert item.options == ["1", "2", "3", "4"]
    assert item.right == {"a": "1", "b": "2"}


def test_pages_are_left_out_and_the_warning_names_them():
    built = build("notes", "exam")

    archive = open_zip(built.data)

    assert len(quizzes(archive)) == 1
    assert built.warnings == [f"notes: {PAGES_DROPPED}"]
