"""Property tests: any valid question set gives a well-formed Moodle XML document and a Canvas
payload that, read back, say what the input said."""

import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms_export_blueprint.formats import format_asset_for_lms
from lms_export_blueprint.formats.fields import clean_text
from lms_export_blueprint.formats.moodle_grades import ALLOWED_PERCENTS

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Any text, surrogates included; what must come out is clean_text() of it.
texts = st.text(st.characters(codec=None), min_size=1, max_size=40).filter(clean_text)
# Moodle reads "\*" as an escaped star, so a literal backslash before a star cannot round-trip.
short_answers = st.text(st.characters(exclude_characters="\\"), min_size=1, max_size=20).filter(
    clean_text)
points = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False))
numbers = st.floats(allow_nan=False, allow_infinity=False)
common = {"text": texts, "points": points, "feedback": st.none() | texts}


@st.composite
def choice_questions(draw, kind):
    options = draw(st.lists(texts, min_size=2, max_size=25))
    if kind == "multiple_choice":
        right = draw(st.integers(0, len(options) - 1))
        return {"type": kind, "options": options, "answer": right, **_common(draw)}
    right = draw(st.sets(st.integers(0, len(options) - 1), min_size=1,
                         max_size=min(20, len(options))))
    return {"type": kind, "options": options, "answers": sorted(right), **_common(draw)}


def _common(draw):
    return {key: draw(strategy) for key, strategy in common.items()}


def _simple(kind, **fields):
    return st.fixed_dictionaries({"type": st.just(kind), **common, **fields})


questions = st.one_of(
    choice_questions("multiple_choice"),
    choice_questions("multiple_answer"),
    _simple("true_false", answer=st.booleans()),
    _simple("short_answer", answers=st.lists(short_answers, min_size=1, max_size=4,
                                             unique_by=clean_text)),
    _simple("numerical", answer=numbers, tolerance=st.floats(0, 1e6)),
    _simple("essay"),
    _simple("matching", pairs=st.lists(st.fixed_dictionaries({"prompt": texts, "match": texts}),
                                       min_size=2, max_size=6)),
)
question_sets = st.fixed_dictionaries(
    {"title": texts, "questions": st.lists(questions, min_size=1, max_size=6)})


def export(question_set, export_format):
    asset = {"asset_name": "quiz1", "asset_type": "quiz", "asset_content": question_set}
    return format_asset_for_lms(asset, export_format)["content"]


def expected(question):
    """What the input says, as the formats must keep it."""
    said = {"type": question["type"], "text": clean_text(question["text"]),
            "points": float(question["points"])}
    if question["type"] in ("multiple_choice", "multiple_answer"):
        said["options"] = [clean_text(option) for option in question["options"]]
        right = question.get("answers", [question.get("answer")])
        said["right"] = set(right)
    elif question["type"] == "true_false":
        said["right"] = question["answer"]
    elif question["type"] == "short_answer":
        said["right"] = [clean_text(answer) for answer in question["answers"]]
    elif question["type"] == "numerical":
        said["right"] = (question["answer"], question["tolerance"])
    elif question["type"] == "matching":
        said["right"] = [(clean_text(pair["prompt"]), clean_text(pair["match"]))
                         for pair in question["pairs"]]
    return said


def moodle_said(element):
    """The same summary, read from one Moodle XML <question>."""
    qtype = element.get("type")
    answers = element.findall("answer")
    said = {"text": element.findtext("questiontext/text"),
            "points": float(element.findtext("defaultgrade"))}
    if qtype == "multichoice":
        single = element.findtext("single") == "true"
        said["type"] = "multiple_choice" if single else "multiple_answer"
        said["options"] = [answer.findtext("text") for answer in answers]
        said["right"] = {index for index, answer in enumerate(answers)
                         if float(answer.get("fraction")) > 0}
    elif qtype == "truefalse":
        said["type"] = "true_false"
        said["right"] = next(answer.findtext("text") == "true" for answer in answers
                             if answer.get("fraction") == "100")
    elif qtype == "shortanswer":
        said["type"] = "short_answer"
        said["right"] = [answer.findtext("text").replace("\\*", "*") for answer in answers]
    elif qtype == "numerical":
        said["type"] = "numerical"
        said["right"] = (float(answers[0].findtext("text")),
                         float(answers[0].findtext("tolerance")))
    elif qtype == "essay":
        said["type"] = "essay"
    elif qtype == "match":
        said["type"] = "matching"
        said["right"] = [(sub.findtext("text"), sub.findtext("answer/text"))
                         for sub in element.findall("subquestion")]
    return said


def canvas_said(question):
    """The same summary, read from one Canvas question payload."""
    kind = question["question_type"].removesuffix("_question")
    answers = question["answers"]
    said = {"text": question["question_text"], "points": float(question["points_possible"])}
    if kind in ("multiple_choice", "multiple_answers"):
        said["type"] = "multiple_choice" if kind == "multiple_choice" else "multiple_answer"
        said["options"] = [answer["answer_text"] for answer in answers]
        said["right"] = {index for index, answer in enumerate(answers)
                         if answer["answer_weight"] == 100}
    elif kind == "true_false":
        said["type"] = kind
        said["right"] = answers[0]["answer_weight"] == 100
    elif kind == "short_answer":
        said["type"] = kind
        said["right"] = [answer["answer_text"] for answer in answers]
    elif kind == "numerical":
        said["type"] = kind
        said["right"] = (float(answers[0]["answer_exact"]),
                         float(answers[0]["answer_error_margin"]))
    elif kind == "essay":
        said["type"] = kind
    elif kind == "matching":
        said["type"] = kind
        said["right"] = [(answer["answer_match_left"], answer["answer_match_right"])
                         for answer in answers]
    return said


@SETTINGS
@given(question_sets)
def test_moodle_xml_is_well_formed_and_says_what_the_input_said(question_set):
    root = ET.fromstring(export(question_set, "moodle").encode("utf-8"))
    assert root.tag == "quiz"
    category, *elements = root.findall("question")
    assert category.get("type") == "category"
    assert [moodle_said(element) for element in elements] == [
        expected(question) for question in question_set["questions"]]


@SETTINGS
@given(question_sets)
def test_moodle_fractions_are_allowed_and_right_answers_add_up_to_100(question_set):
    root = ET.fromstring(export(question_set, "moodle").encode("utf-8"))
    allowed = {0.0, *ALLOWED_PERCENTS, *(-value for value in ALLOWED_PERCENTS)}
    for element in root.iter("question"):
        fractions = [float(answer.get("fraction")) for answer in element.findall("answer")]
        assert all(any(abs(value - option) < 0.001 for option in allowed) for value in fractions)
        if element.findtext("single") == "false":
            assert round(sum(value for value in fractions if value > 0) / 100, 2) == 1


@SETTINGS
@given(question_sets)
def test_canvas_payload_says_what_the_input_said(question_set):
    payload = export(question_set, "canvas")
    assert [canvas_said(question) for question in payload["questions"]] == [
        expected(question) for question in question_set["questions"]]
    total = sum(float(question["points"]) for question in question_set["questions"])
    assert abs(float(payload["quiz"]["points_possible"]) - total) <= 1e-9 * max(1.0, total)


@SETTINGS
@given(question_sets)
def test_lms_standard_is_stable_when_exported_again(question_set):
    once = export(question_set, "lms_standard")
    assert export(once, "lms_standard") == once
