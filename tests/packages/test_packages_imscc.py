"""imscc: a cartridge whose manifest has the CC 1.1 structure and whose assessments every LMS
reads back to the same questions and right answers."""

from __future__ import annotations

import pytest
from package_course import ASSETS, COURSE_NAME, course_content
from readers import (
    CP,
    LOM,
    check_cc_qti,
    moodle_choice_scores,
    open_zip,
    read_cc_manifest,
    read_qti,
)

from lms_export_blueprint.formats import model
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.formats.html import text_html
from lms_export_blueprint.packages import PACKAGES
from lms_export_blueprint.packages.cc_profile import (
    MATCHING_CONVERTED,
    NUMERICAL_CONVERTED,
    POINTS_DROPPED,
)

CC_PROFILES = {"cc.multiple_choice.v0p1", "cc.multiple_response.v0p1", "cc.true_false.v0p1",
               "cc.fib.v0p1", "cc.essay.v0p1"}


def build(*names: str):
    return PACKAGES["imscc"].build(course_content(*names))


def test_manifest_has_the_cc_1_1_structure_and_one_module_in_asset_order():
    archive = open_zip(build("notes", "every-type", "exam").data)

    root, items = read_cc_manifest(archive)

    module = root.find(f"{CP}organizations/{CP}organization/{CP}item/{CP}item")
    assert module.findtext(f"{CP}title") == COURSE_NAME
    assert [(item.title, item.type) for item in items] == [
        ("Light & dark reactions ☀", "webcontent"),
        (load_content(ASSETS["every-type"]).title, "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"),
        ("Exam/2026", "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"),
    ]


def test_every_item_of_a_cc_assessment_has_a_cc_qti_profile():
    archive = open_zip(build("every-type").data)
    _, [quiz] = read_cc_manifest(archive)

    _, items = read_qti(archive.read(quiz.path))

    assert {item.kind for item in items} <= CC_PROFILES
    assert {item.kind for item in items} == CC_PROFILES


def test_every_assessment_keeps_the_rules_of_the_cc_qti_profile():
    archive = open_zip(build("every-type", "exam").data)
    _, quizzes = read_cc_manifest(archive)

    for quiz in quizzes:
        check_cc_qti(archive.read(quiz.path))


def test_cc_items_map_back_to_the_questions_and_their_right_answers():
    """As backup/cc/entity11.quiz.class.php reads them: text from mattext, right answers
    from the respcondition whose setvar is 100, the mark from cc_weighting."""
    question_set = load_content(ASSETS["every-type"])
    archive = open_zip(build("every-type").data)
    _, [quiz] = read_cc_manifest(archive)

    title, items = read_qti(archive.read(quiz.path))

    assert title == question_set.title
    by_text = {item.text: item for item in items}
    for question in question_set.questions:
        if isinstance(question, (model.Numerical, model.Matching)):
            continue
        item = by_text[text_html(question.text)]
        assert item.points == question.points
        if isinstance(question, model.MultipleChoice):
            assert item.right == [text_html(question.options[question.answer])]
            assert item.feedback == text_html(question.feedback or "")
        elif isinstance(question, model.MultipleAnswer):
            assert item.right == sorted(text_html(question.options[i]) for i in question.answers)
        elif isinstance(question, model.TrueFalse):
            assert item.right == ["True"]
        elif isinstance(question, model.ShortAnswer):
            assert item.right == list(question.answers)
        else:
            assert item.kind == "cc.essay.v0p1" and item.right is None


def test_option_feedback_does_not_hide_the_right_option_from_moodle():
    """Moodle scores an option by the last condition that names it (get_score): the scoring
    condition must come after the ones that only show an option's feedback."""
    choice = model.MultipleChoice(text="Pick B.", options=("A", "B", "C"), answer=1,
                                  option_feedback=("No.", "Yes!", None))
    truth = model.TrueFalse(text="True?", answer=False)
    content = course_content()
    content = type(content)(content.course_name,
                            (("q", model.QuestionSet("Q", None, (choice, truth))),))
    archive = open_zip(PACKAGES["imscc"].build(content).data)
    _, [quiz] = read_cc_manifest(archive)

    scores = moodle_choice_scores(archive.read(quiz.path))

    assert scores == [{"A": 0.0, "B": 1.0, "C": 0.0}, {"True": 0.0, "False": 1.0}]
    check_cc_qti(archive.read(quiz.path))


def test_html_stays_html_and_plain_text_is_escaped_once():
    archive = open_zip(build("every-type").data)
    _, [quiz] = read_cc_manifest(archive)

    _, items = read_qti(archive.read(quiz.path))

    texts = [item.text for item in items]
    assert "Which pigment absorbs <b>light</b>?" in texts
    assert "Pick the gases: 3 &lt; 5 &amp; {x}" in texts
    assert "Name the organelle.<br>\n<br>\nOne word, ]]&gt; allowed." in texts
    assert "Keratin &amp; &lt;co&gt;" in items[0].options


def test_numerical_becomes_fill_in_the_blank_accepting_the_number_and_says_so():
    built = build("every-type")
    archive = open_zip(built.data)
    root, [quiz] = read_cc_manifest(archive)

    _, items = read_qti(archive.read(quiz.path))

    [number] = [item for item in items if item.text == "Carbon atoms in glucose?"]
    assert (number.kind, number.right) == ("cc.fib.v0p1", ["6"])
    assert any(warning.endswith(NUMERICAL_CONVERTED) for warning in built.warnings)
    assert any("tolerance dropped" in warning for warning in built.warnings)
    statement = root.findtext(f"{CP}metadata/{LOM}lom/{LOM}general/{LOM}description/"
                              f"{LOM}string")
    assert NUMERICAL_CONVERTED in statement and MATCHING_CONVERTED in statement


def test_matching_becomes_one_multiple_choice_per_prompt_with_the_points_split():
    question = load_content(ASSETS["every-type"]).questions[6]
    built = build("every-type")
    archive = open_zip(built.data)
    _, [quiz] = read_cc_manifest(archive)

    _, items = read_qti(archive.read(quiz.path))

    converted = [item for item in items if item.text.startswith("Match.<br>")]
    assert [item.text.split("<br>\n", 1)[1] for item in converted] == [
        text_html(pair.prompt) for pair in question.pairs]
    assert [item.right for item in converted] == [[text_html(pair.match)]
                                                  for pair in question.pairs]
    assert all(item.options == [text_html(pair.match) for pair in question.pairs]
               for item in converted)
    assert sum(item.points for item in converted) == pytest.approx(question.points)
    assert f"every-type: {MATCHING_CONVERTED}" in built.warnings


def test_points_the_profile_cannot_say_are_left_out_and_warned_about():
    """cc_weighting is a whole number from 1 to 99 (rule 2c): 1.5 points cannot travel."""
    built = build("every-type")
    archive = open_zip(built.data)
    _, [quiz] = read_cc_manifest(archive)

    _, items = read_qti(archive.read(quiz.path))

    [number] = [item for item in items if item.text == "Carbon atoms in glucose?"]
    assert number.points == 1  # what Moodle gives a question without cc_weighting
    assert f"every-type: {POINTS_DROPPED}" in built.warnings


def test_matching_distractors_are_offered_as_wrong_options():
    matching = model.Matching(text="Match.", pairs=(model.Pair("a", "1"), model.Pair("b", "2")),
                              distractors=("3",))
    content = course_content()
    content = type(content)(content.course_name, (("m", model.QuestionSet("M", None,
                                                                          (matching,))),))
    archive = open_zip(PACKAGES["imscc"].build(content).data)
    _, [quiz] = read_cc_manifest(archive)

    _, items = read_qti(archive.read(quiz.path))

    assert [item.options for item in items] == [["1", "2", "3"]] * 2


def test_the_same_course_gives_the_same_manifest_identifier():
    first, again = (read_cc_manifest(open_zip(build("exam", "notes").data))[0] for _ in "12")
    other = read_cc_manifest(open_zip(build("exam").data))[0]

    assert first.get("identifier") == again.get("identifier") != other.get("identifier")


def test_a_page_is_an_html_document_of_its_markdown():
    archive = open_zip(build("notes").data)
    _, [page] = read_cc_manifest(archive)

    html = archive.read(page.path).decode("utf-8")

    assert page.path.startswith("wiki_content/") and page.path.endswith(".html")
    assert page.path.isascii()
    assert "<title>Light &amp; dark reactions ☀</title>" in html
    assert "<h1>Light</h1>" in html and "<em>thylakoids</em> &lt; 1 µm" in html


def test_a_course_of_pages_only_converts_nothing_and_warns_of_nothing():
    built = build("notes", "ünïcode-asset")

    _, items = read_cc_manifest(open_zip(built.data))

    assert [item.type for item in items] == ["webcontent", "webcontent"]
    assert built.warnings == []
