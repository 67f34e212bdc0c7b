"""Issue 22, the package defects found by importing adversarial courses into the real importers,
each with the smallest input that showed it. Packages are read back as the importers read them
(tests/packages/readers.py; tests/formats/moodle_import.py for Moodle XML)."""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from flask import Flask
from readers import CP, QTI, open_zip, read_cc_manifest, read_gift, read_qti

from lms_export_blueprint import LMSExport
from lms_export_blueprint.errors import InvalidAssetData
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.formats.files import FileCarrier
from lms_export_blueprint.formats.html import MATH_FLATTENED
from lms_export_blueprint.packages import PACKAGES, WARNINGS_HEADER, CourseContent
from lms_export_blueprint.packages.cc_profile import MATCHING_CONVERTED
from lms_export_blueprint.packages.warnings import FILE_NAME, MAX_HEADER_BYTES
from lms_export_blueprint.warnings import Warnings

sys.path.insert(0, str(Path(__file__).parents[1] / "formats"))
import moodle_import


def course(*contents):
    """Question sets, and pages (a content with a ``body``), as set1, set2, ..."""
    assets = tuple((f"set{number}", load_content({
        "asset_name": f"set{number}", "asset_type": "notes" if "body" in content else "quiz",
        "asset_content": content})) for number, content in enumerate(contents, start=1))
    return CourseContent("Course", assets)


def build(package, *contents):
    return PACKAGES[package].build(course(*contents))


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


# Quiz settings (docs/formats.md): each package holds what it can and names the rest.

SETTINGS = {"time_limit_minutes": 30, "allowed_attempts": 3, "shuffle_answers": True,
            "due_at": "2026-12-24T17:00:00+01:00", "show_correct_answers": False}
TRUE_FALSE = {"type": "true_false", "text": "T?", "answer": True}


def test_settings_reach_canvas_qti_assessment_meta_where_canvas_reads_them():
    # lib/cc/importer/canvas/quiz_metadata_converter.rb get_quiz_meta
    archive = open_zip(build("qti", quiz(TRUE_FALSE, settings=SETTINGS)).data)

    meta = ET.fromstring(archive.read("quiz_0001/assessment_meta.xml"))
    read = {child.tag.split("}")[1]: child.text for child in meta}
    assert (read["time_limit"], read["allowed_attempts"], read["shuffle_answers"],
            read["show_correct_answers"]) == ("30", "3", "true", "false")
    assert read["due_at"] == "2026-12-24T17:00:00+01:00"


def test_unset_settings_keep_canvas_defaults_in_assessment_meta():
    archive = open_zip(build("qti", quiz(TRUE_FALSE)).data)

    meta = ET.fromstring(archive.read("quiz_0001/assessment_meta.xml"))
    read = {child.tag.split("}")[1]: child.text for child in meta}
    assert "due_at" not in read and "time_limit" not in read
    assert read["allowed_attempts"] == "1" and read["shuffle_answers"] == "false"


def _cc_fields(built):
    assessment = ET.fromstring(cc_document(built)).find(f"{QTI}assessment")
    return {field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
            for field in assessment.find(f"{QTI}qtimetadata")}


@pytest.mark.parametrize(("attempts", "written", "warned"), [
    (1, "1", False), (5, "5", False), (-1, "unlimited", False), (6, "unlimited", True)])
def test_imscc_attempts_and_time_limit_go_in_the_cc_metadata(attempts, written, warned):
    # backup/cc/entity11.quiz.class.php reads cc_maxattempts and qmd_timelimit
    built = build("imscc", quiz(TRUE_FALSE, settings={"allowed_attempts": attempts,
                                                      "time_limit_minutes": 45}))

    fields = _cc_fields(built)
    assert (fields["cc_maxattempts"], fields["qmd_timelimit"]) == (written, "45")
    assert any("written as unlimited" in warning for warning in built.warnings) == warned


def test_imscc_without_settings_leaves_attempts_to_the_lms():
    assert "cc_maxattempts" not in _cc_fields(build("imscc", quiz(TRUE_FALSE)))


def test_imscc_names_the_settings_a_cartridge_cannot_hold():
    built = build("imscc", quiz(TRUE_FALSE, settings=SETTINGS))

    [warning] = [w for w in built.warnings if "quiz settings left out" in w]
    assert warning.startswith("set1: ")
    assert "shuffled answers, due date, showing correct answers" in warning
    assert "time limit" not in warning


@pytest.mark.parametrize("package", ["moodle_xml", "gift"])
def test_question_only_packages_name_every_setting_they_leave_out(package):
    built = build(package, quiz(TRUE_FALSE, settings=SETTINGS))

    [warning] = [w for w in built.warnings if "quiz settings left out" in w]
    assert ("time limit, allowed attempts, shuffled answers, due date, showing correct "
            "answers") in warning


# Images and files (docs/formats.md): carried where the target can hold them.

PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
         "RU5ErkJggg==")
DATA_IMAGE = f'<p>Look: <img src="data:image/png;base64,{PIXEL}" alt="dot"></p>'


def test_a_data_image_is_packed_in_web_resources_with_a_manifest_entry_and_a_filebase_link():
    built = build("imscc", quiz({"type": "essay", "text": DATA_IMAGE}))
    archive = open_zip(built.data)

    root, _ = read_cc_manifest(archive)
    [file_resource] = [r for r in root.iter(f"{CP}resource") if r.get("type") == "webcontent"]
    path = file_resource.get("href")
    assert path.startswith("web_resources/") and path.endswith(".png")
    assert archive.read(path) == base64.b64decode(PIXEL)
    [assessment] = [r for r in root.iter(f"{CP}resource") if r.get("identifier") == "res_0001"]
    assert [d.get("identifierref") for d in assessment.iter(f"{CP}dependency")] == [
        file_resource.get("identifier")]
    _, [item] = read_qti(cc_document(built))
    # As Moodle's CC export links it (cc_utils.php process_linked_files); its import strips the
    # token and resolves the path from the assessment's folder (entities.class.php).
    assert f'src="$IMS-CC-FILEBASE$../{path}"' in item.text


def test_a_data_image_is_embedded_in_moodle_xml_where_it_is_linked():
    # qformat_xml import_text_with_files: <file> elements beside the field's <text>
    data = build("moodle_xml", quiz({"type": "essay", "text": DATA_IMAGE})).data.decode()

    question = ET.fromstring(data).find("question[@type='essay']")
    [embedded] = question.findall("questiontext/file")
    assert base64.b64decode(embedded.text) == base64.b64decode(PIXEL)
    assert embedded.get("encoding") == "base64" and embedded.get("path") == "/"
    assert f'src="@@PLUGINFILE@@/{embedded.get("name")}"' in question.findtext(
        "questiontext/text")


def test_an_image_in_an_option_is_embedded_in_that_answer():
    choice = {"type": "multiple_choice", "text": "Which?", "answer": 0,
              "options": [DATA_IMAGE, "none"]}
    data = build("moodle_xml", quiz(choice)).data.decode()

    answers = ET.fromstring(data).find("question[@type='multichoice']").findall("answer")
    assert [len(answer.findall("file")) for answer in answers] == [1, 0]


def test_gift_names_the_images_it_cannot_carry():
    built = build("gift", quiz({"type": "essay", "text": DATA_IMAGE}))

    assert any(w.startswith("set1: question 1: images or files left out: GIFT")
               for w in built.warnings)


def test_a_relative_path_is_resolved_by_the_file_loader_and_an_unknown_one_is_warned_about():
    def file_loader(course_id, path):
        assert course_id == "c-1"
        if path == "img/cell.png":
            return {"filename": "cell.png", "content_type": "image/png", "data": b"cell"}
        return None

    content = quiz({"type": "essay", "text": '<img src="img/cell.png"> <img src="gone.png"> '
                    '<img src="https://example.edu/abs.png">'})
    course_content = CourseContent("Course", (("set1", load_content(
        {"asset_name": "set1", "asset_type": "quiz", "asset_content": content})),),
        course_id="c-1", file_loader=file_loader)
    built = PACKAGES["imscc"].build(course_content)

    archive = open_zip(built.data)
    assert archive.read("web_resources/cell.png") == b"cell"
    _, [item] = read_qti(cc_document(built))
    assert 'src="gone.png"' in item.text and 'src="https://example.edu/abs.png"' in item.text
    assert any("gone.png was not found" in warning for warning in built.warnings)
    assert not any("abs.png" in warning for warning in built.warnings)


def test_a_file_over_the_size_cap_is_left_out_with_a_warning():
    carrier = FileCarrier(Warnings(), max_bytes=10)

    text = carrier.carry_html(DATA_IMAGE, lambda name: name, asset="a", question=1)

    assert text == DATA_IMAGE and carrier.files == []
    assert "over the 10-byte limit" in carrier.warnings.messages()[0]


def test_the_same_image_twice_is_packed_once():
    choice = {"type": "multiple_choice", "text": DATA_IMAGE, "answer": 0,
              "options": [DATA_IMAGE, "x"]}

    archive = open_zip(build("imscc", quiz(choice)).data)

    assert len([n for n in archive.namelist() if n.startswith("web_resources/")]) == 1


def test_a_markdown_page_image_is_carried_into_the_cartridge():
    page = {"title": "Notes", "body": f"# Cells\n\n![dot](data:image/png;base64,{PIXEL})"}
    archive = open_zip(build("imscc", page).data)

    html = archive.read("wiki_content/notes.html").decode()
    [packed] = [n for n in archive.namelist() if n.startswith("web_resources/")]
    assert f'src="../{packed}"' in html and "<h1>Cells</h1>" in html


# Warnings: MathML and removed embeds named per question; the full list inside the package.

def test_mathml_and_removed_embeds_are_named_with_asset_and_question():
    essay = {"type": "essay", "text": "Solve <math><mi>x</mi></math> <iframe></iframe>"}
    built = build("moodle_xml", quiz(TRUE_FALSE, essay))

    assert f"set1: question 2: {MATH_FLATTENED}" in built.warnings
    assert "set1: question 2: removed (the LMS would not keep them): <iframe>" in built.warnings


@pytest.mark.parametrize("package", ["imscc", "qti"])
def test_a_zip_package_carries_every_warning_in_warnings_txt(package):
    built = build(package, quiz(TRUE_FALSE, settings=SETTINGS), {"title": "P", "body": "x"})

    listed = open_zip(built.data).read(FILE_NAME).decode().splitlines()
    assert listed == built.warnings and listed


def test_moodle_xml_and_gift_carry_every_warning_in_a_comment():
    content = quiz(TRUE_FALSE, settings=SETTINGS)
    xml_text = build("moodle_xml", content).data.decode()
    gift = build("gift", content)

    assert "quiz settings left out" in xml_text.split("<quiz>")[0]
    comments = [line for line in gift.data.decode().splitlines() if line.startswith("// Warn")]
    assert comments == [f"// Warning: {warning}" for warning in gift.warnings]


# Through the route: the host's file_loader (decorator or keyword) and the bounded header.

def _app(**loaders):
    app = Flask(__name__)
    app.config.update(TESTING=True)
    assets = {f"q{n}": {"asset_name": f"q{n}", "asset_type": "quiz", "asset_content": quiz(
        {"type": "essay", "text": f'<img src="img/{n}.png"> and <img src="missing-{n}.png">'},
        title=f"Set {n}")} for n in range(60)}
    export = LMSExport(app, user_loader={"t": "u"}.get,
                       course_loader=lambda course_id: {"name": "C"},
                       asset_loader=lambda course_id, name: assets.get(name), **loaders)
    return app, export


def _post(app, names, package="imscc"):
    return app.test_client().post("/api/courses/c-1/export-package",
                                  json={"asset_names": names, "package": package},
                                  headers={"Authorization": "Bearer t"})


def _image(course_id, path):
    return {"filename": path.rsplit("/", 1)[-1], "content_type": "image/png",
            "data": path.encode()} if path.startswith("img/") else None


def test_the_file_loader_keyword_resolves_relative_images_in_a_package():
    app, _ = _app(file_loader=_image)

    response = _post(app, ["q1"])

    assert response.status_code == 200
    assert open_zip(response.data).read("web_resources/1.png") == b"img/1.png"
    assert "missing-1.png" in unquote(response.headers[WARNINGS_HEADER])


def test_the_file_loader_decorator_registers_it_for_every_app():
    app, export = _app()
    export.file_loader(_image)

    response = _post(app, ["q2"], package="qti")

    assert open_zip(response.data).read("web_resources/2.png") == b"img/2.png"


def test_many_warnings_keep_the_header_bounded_and_the_package_lists_them_all():
    app, _ = _app()  # no file_loader: every relative path is a warning

    response = _post(app, [f"q{n}" for n in range(60)])

    header = response.headers[WARNINGS_HEADER]
    assert len(header) <= MAX_HEADER_BYTES
    assert header.endswith(f"the package lists every warning ({FILE_NAME})")
    listed = open_zip(response.data).read(FILE_NAME).decode().splitlines()
    assert len(listed) == 120 and listed[0].startswith("q0: question 1: file img/0.png")
