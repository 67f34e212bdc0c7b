"""gift: Moodle's GIFT text, read back as question/format/gift/format.php reads it."""

from __future__ import annotations

import pytest
from package_course import ASSETS, course_content
from readers import read_gift

from lms_export_blueprint.errors import InvalidAssetData
from lms_export_blueprint.formats import model
from lms_export_blueprint.formats.content import load_content
from lms_export_blueprint.formats.html import text_html
from lms_export_blueprint.formats.moodle import category_path
from lms_export_blueprint.packages import PACKAGES
from lms_export_blueprint.packages.base import PAGES_DROPPED
from lms_export_blueprint.packages.gift import CASE_DROPPED, POINTS_DROPPED, escape


def build(*names: str):
    return PACKAGES["gift"].build(course_content(*names))


def read(*names: str):
    return read_gift(build(*names).data.decode("utf-8"))


def test_every_question_type_reads_back_as_its_moodle_type():
    questions = read("every-type")

    assert [question.kind for question in questions] == [
        "multichoice", "multichoice", "truefalse", "shortanswer", "numerical", "essay", "match"]


def test_question_text_reads_back_as_the_html_it_was_given_reserved_characters_and_all():
    question_set = load_content(ASSETS["every-type"])

    questions = read("every-type")

    assert [(q.text, q.text_format) for q in questions] == [
        (text_html(question.text), "html") for question in question_set.questions]


def test_a_blank_line_in_a_question_does_not_split_it():
    [*_, short, _number, _essay, _match] = read("every-type")

    assert short.text == "Name the organelle.<br>\n<br>\nOne word, ]]&gt; allowed."


def test_right_answers_and_weights_read_back():
    choice, several, truth, short, number, essay, matching = read("every-type")

    assert choice.answers == [(1.0, "Chlorophyll"), (0.0, "Keratin &amp; &lt;co&gt;"),
                              (0.0, "%50% sure")]
    assert sorted(several.answers) == [(-1.0, "Fe"), (0.5, "CO2"), (0.5, "O2")]
    assert truth.answers == [(1.0, "TRUE")]
    # "\*" is Moodle's literal star in a short answer: the wildcard is not let loose.
    assert short.answers == [(1.0, "chloroplast"), (1.0, "chloro\\*plast")]
    assert number.numbers == [(6.0, 0.5)]
    assert essay.answers == [] and essay.general_feedback == ""
    assert matching.pairs == [(text_html("H<sub>2</sub>O"), "water"),
                              ("CO2 -&gt; gas", "carbon dioxide = CO₂"), ("O3", "ozone")]


def test_an_arrow_in_an_html_prompt_cannot_end_the_prompt_early():
    matching = model.Matching(text="Match.", pairs=(model.Pair("<b>a</b> -> b", "1"),
                                                    model.Pair("<i>c</i>", "2")))
    content = course_content()
    content = type(content)(content.course_name,
                            (("m", model.QuestionSet("M", None, (matching,))),))

    [question] = read_gift(PACKAGES["gift"].build(content).data.decode("utf-8"))

    assert question.pairs == [("<b>a</b> -&gt; b", "1"), ("<i>c</i>", "2")]


def test_general_feedback_reads_back():
    [choice, *_] = read("every-type")

    assert choice.general_feedback == "Chlorophyll is green."


def test_each_question_set_opens_its_own_category():
    questions = read("every-type", "exam")

    # The long title shortened to 255 characters, as the moodle_xml package does (issue 22 #6).
    assert {q.category for q in questions[:7]} == {
        category_path(load_content(ASSETS["every-type"]).title)[0]}
    assert {q.category for q in questions[7:]} == {"$course$/top/Exam//2026"}
    assert [q.answers for q in questions[7:8]] == [[(1.0, "FALSE")]]


def test_long_titles_become_short_question_names():
    questions = read("every-type")

    assert all(len(q.name) < 80 for q in questions)
    assert questions[5].name == "Q6 Explain — ¿qué? 光合作用 🌱"


def test_matching_distractors_are_pairs_without_a_prompt():
    matching = model.Matching(text="Match.", pairs=(model.Pair("a", "1"), model.Pair("b", "2")),
                              distractors=("3",))
    content = course_content()
    content = type(content)(content.course_name,
                            (("m", model.QuestionSet("M", None, (matching,))),))

    [question] = read_gift(PACKAGES["gift"].build(content).data.decode("utf-8"))

    assert question.pairs == [("a", "1"), ("b", "2"), ("", "3")]


def test_what_gift_cannot_carry_is_named_in_the_warnings():
    built = build("every-type", "notes")

    assert built.warnings == [
        "every-type: Moodle category title shortened to 255 characters, the most "
        "question_categories.name holds",
        f"every-type: question 2: {POINTS_DROPPED}", f"every-type: question 5: {POINTS_DROPPED}",
        f"every-type: question 7: {POINTS_DROPPED}",
        f"notes: {PAGES_DROPPED}"]


def test_case_sensitive_short_answers_are_warned_about():
    short = model.ShortAnswer(text="Symbol?", answers=("Fe",), case_sensitive=True)
    content = course_content()
    content = type(content)(content.course_name,
                            (("s", model.QuestionSet("S", None, (short,))),))

    assert PACKAGES["gift"].build(content).warnings == [f"s: question 1: {CASE_DROPPED}"]


def test_more_right_answers_than_moodle_can_share_a_grade_is_invalid_asset_data():
    options = tuple(f"o{index}" for index in range(22))
    many = model.MultipleAnswer(text="All?", options=options, answers=tuple(range(21)))
    content = course_content()
    content = type(content)(content.course_name,
                            (("many", model.QuestionSet("S", None, (many,))),))

    with pytest.raises(InvalidAssetData, match="many"):
        PACKAGES["gift"].build(content)


@pytest.mark.parametrize("text", ["a~b", "x=y", "#1", "{}", "a:b", "back\\slash", "line\nbreak"])
def test_escape_keeps_every_reserved_character_out_of_the_syntax(text):
    escaped = escape(text)

    assert "\n" not in escaped
    [question] = read_gift(f"::n::{escaped}{{}}")
    assert question.text == text
