"""Property tests: any valid question set gives a Moodle XML document that Moodle's import (as
tests/formats/moodle_import.py models it) reads back as what the input said, and a Canvas payload
that says what the input said under the text rule of formats/html.py."""

import xml.etree.ElementTree as ET

import moodle_import
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms_export_blueprint.bodies import json_bytes
from lms_export_blueprint.errors import InvalidAssetData
from lms_export_blueprint.formats import format_asset_for_lms, model
from lms_export_blueprint.formats.content import load_question_set
from lms_export_blueprint.formats.fields import clean_body, clean_text
from lms_export_blueprint.formats.html import is_blank, page_html, plain_text, text_html
from lms_export_blueprint.formats.moodle_grades import ALLOWED_PERCENTS
from lms_export_blueprint.formats.moodle_limits import category_name

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Any text, surrogates included, with the characters that need escapes or split paths
# (issue 10: "x < π", "a & b", "/Unit 1") drawn often; what must come out is clean_text() of it.
MARKUP = st.sampled_from([" ", " ", "<", ">", "&", "/", '"', "'", "\n", "π"])
# A text whose HTML sanitizes to nothing is refused (test_formats_fidelity.py, issue 22 #3).
texts = st.text(MARKUP | st.characters(codec=None), min_size=1, max_size=40).filter(
    lambda text: clean_text(text) and not is_blank(clean_text(text)))
# Moodle reads "\*" as an escaped star, so a literal backslash before a star cannot round-trip.
short_answers = st.text(MARKUP | st.characters(exclude_characters="\\"), min_size=1,
                        max_size=20).filter(clean_text)
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
    st.fixed_dictionaries(
        {"type": st.just("matching"), **common,
         "pairs": st.lists(st.fixed_dictionaries({"prompt": texts, "match": texts}),
                           min_size=2, max_size=6)},
        optional={"distractors": st.lists(texts, max_size=3)}),
)
titles = texts | st.sampled_from(["top", " top ", "/", "//", "/Unit 1", "Unit 1/", "Maths < Ωmega"])
question_sets = st.fixed_dictionaries(
    {"title": titles, "questions": st.lists(questions, min_size=1, max_size=6)})


def export(question_set, export_format):
    asset = {"asset_name": "quiz1", "asset_type": "quiz", "asset_content": question_set}
    return format_asset_for_lms(asset, export_format)["content"]


def moodle_html(text):
    """An HTML field as Moodle stores it: the text rule's HTML, trimmed by getpath()."""
    return text_html(clean_text(text)).strip()


def canvas_html(text):
    """What Canvas shows for a text: the text rule's HTML (plain text escaped, HTML sanitized)."""
    return text_html(clean_text(text))


def canvas_plain(text):
    """A plain-text choice in Canvas: what a reader sees."""
    return plain_text(clean_text(text))


def canvas_line(text):
    """A Canvas distractor: plain text on one line (they are newline-separated)."""
    return " ".join(canvas_plain(text).split("\n"))


def moodle_plain(text):
    """A matching answer as Moodle stores it: what a reader sees, trimmed."""
    return plain_text(clean_text(text)).strip()


def expected(question, text=moodle_html, choice=moodle_plain, distractor=moodle_plain):
    """What the input says, as a format must keep it: ``text`` for its HTML fields, ``choice``
    and ``distractor`` for the plain-text choices of a matching question."""
    said = {"type": question["type"], "text": text(question["text"]),
            "points": float(question["points"])}
    if question["type"] in ("multiple_choice", "multiple_answer"):
        said["options"] = [text(option) for option in question["options"]]
        right = question.get("answers", [question.get("answer")])
        said["right"] = set(right)
    elif question["type"] == "true_false":
        said["right"] = question["answer"]
    elif question["type"] == "short_answer":
        said["right"] = [clean_text(answer) for answer in question["answers"]]
    elif question["type"] == "numerical":
        said["right"] = (question["answer"], question["tolerance"])
    elif question["type"] == "matching":
        said["right"] = [(text(pair["prompt"]), choice(pair["match"]))
                         for pair in question["pairs"]]
        said["distractors"] = [distractor(item) for item in question.get("distractors", [])]
    return said


def moodle_said(element):
    """The same summary, read from one <question> the way Moodle's import reads it."""
    qtype = element.attrs["type"]
    answers = element.findall("answer")
    said = {"text": element.text_of("questiontext", "text"),
            "points": float(element.text_of("defaultgrade"))}
    if qtype == "multichoice":
        single = element.text_of("single") == "true"
        said["type"] = "multiple_choice" if single else "multiple_answer"
        said["options"] = [answer.text_of() for answer in answers]
        said["right"] = {index for index, answer in enumerate(answers)
                         if float(answer.attrs["fraction"]) > 0}
    elif qtype == "truefalse":
        said["type"] = "true_false"
        said["right"] = next(answer.text_of() == "true" for answer in answers
                             if answer.attrs["fraction"] == "100")
    elif qtype == "shortanswer":
        said["type"] = "short_answer"
        said["right"] = [answer.text_of().replace("\\*", "*") for answer in answers]
    elif qtype == "numerical":
        said["type"] = "numerical"
        said["right"] = (float(answers[0].text_of()), float(answers[0].text_of("tolerance")))
    elif qtype == "essay":
        said["type"] = "essay"
    elif qtype == "matching":
        said["type"] = "matching"
        said["right"], said["distractors"] = moodle_import.matching(element)
    return said


def canvas_said(question):
    """The same summary, read from one Canvas question payload."""
    kind = question["question_type"].removesuffix("_question")
    answers = question["answers"]
    said = {"text": question["question_text"], "points": float(question["points_possible"])}
    if kind in ("multiple_choice", "multiple_answers"):
        said["type"] = "multiple_choice" if kind == "multiple_choice" else "multiple_answer"
        # A plain answer_text is shown escaped: as HTML, that is text_html of it.
        said["options"] = [answer.get("answer_html") or text_html(answer["answer_text"])
                           for answer in answers]
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
        said["right"] = [(answer.get("answer_match_left_html")
                          or text_html(answer["answer_match_left"]),
                          answer["answer_match_right"]) for answer in answers]
        distractors = question["matching_answer_incorrect_matches"]
        said["distractors"] = distractors.split("\n") if distractors else []
    return said


@SETTINGS
@given(question_sets)
def test_moodle_import_reads_back_what_the_input_said(question_set):
    xml = export(question_set, "moodle")
    ET.fromstring(xml.encode("utf-8"))  # well-formed for any XML parser, not only Moodle's
    category, questions = moodle_import.read(xml)

    assert category == ["top", category_name(clean_text(question_set["title"]))[0]]
    assert [moodle_said(question) for question in questions] == [
        expected(question) for question in question_set["questions"]]


@SETTINGS
@given(question_sets)
def test_moodle_keeps_every_question_name_as_written(question_set):
    _, questions = moodle_import.read(export(question_set, "moodle"))
    for question in questions:
        written = question.text_of("name", "text")
        assert moodle_import.question_name(question) == written


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
        expected(question, canvas_html, canvas_plain, canvas_line)
        for question in question_set["questions"]]
    total = sum(float(question["points"]) for question in question_set["questions"])
    assert abs(float(payload["quiz"]["points_possible"]) - total) <= 1e-9 * max(1.0, total)


def field_by_field(question):
    """``Question.to_dict`` as its docstring says it, by reading the writers in a loop: what
    the written-out ``to_dict`` of each class must give, key order and number types too."""
    shaped = {"type": question.type}
    for name, write, optional in model._writers(type(question)):
        value = getattr(question, name)
        if not (optional and (value is None or value == ())):
            shaped[name] = value if write is None else write(value)
    return shaped


@SETTINGS
@given(question_sets)
def test_each_question_s_dict_is_its_fields_in_order_as_their_writers_write_them(question_set):
    loaded = load_question_set({"asset_name": "quiz1", "asset_content": question_set})
    for question in loaded.questions:
        assert json_bytes(question.to_dict()) == json_bytes(field_by_field(question))


@SETTINGS
@given(question_sets)
def test_lms_standard_is_stable_when_exported_again(question_set):
    once = export(question_set, "lms_standard")
    assert export(once, "lms_standard") == once


@SETTINGS
@given(question_sets, st.booleans())
def test_canvas_carries_the_publish_choice_for_any_quiz(question_set, publish):
    asset = {"asset_name": "quiz1", "asset_type": "quiz", "asset_content": question_set}
    content = format_asset_for_lms(asset, "canvas", publish=publish)["content"]

    assert content["quiz"]["published"] is False
    assert content["publish"] == ({"quiz": {"published": True}} if publish else None)


@SETTINGS
@given(st.text(MARKUP | st.characters(codec=None), max_size=80), st.booleans())
def test_a_page_is_given_as_written_and_as_sanitized_html(body, publish):
    page = {"asset_name": "notes", "asset_type": "notes", "asset_content": body}
    written = format_asset_for_lms(page, "lms_standard")["content"]
    wiki_page = format_asset_for_lms(page, "canvas", publish=publish)["content"]["wiki_page"]

    assert written == clean_body(body)
    assert wiki_page["published"] is publish
    assert page_html(wiki_page["body"]) == wiki_page["body"]  # already sanitized HTML
    assert "<script" not in wiki_page["body"].lower()


@SETTINGS
@given(st.floats(0, 1e9, allow_nan=False))
def test_moodle_refuses_exactly_the_points_its_column_cannot_hold(points):
    content = {"questions": [{"type": "essay", "text": "E", "points": points}]}
    try:
        xml = export(content, "moodle")
    except InvalidAssetData as refused:
        assert points >= 100000
        assert refused.field_path == "questions[0].points"
        return
    assert points < 100000
    assert float(moodle_import.read(xml)[1][0].text_of("defaultgrade")) == points


# Issue 22: a text made only of what the sanitizer removes is refused, whatever surrounds it.
REMOVED = st.sampled_from(["<iframe src='https://v.example/1'></iframe>", "<video></video>",
                           "<script>alert(1)</script>", "<style>p{}</style>", "<br>", "<p></p>",
                           "<object></object>", " "])


@SETTINGS
@given(st.lists(REMOVED, min_size=1, max_size=5).map("".join).filter(lambda t: "<" in t),
       st.sampled_from(["moodle", "canvas", "lms_standard"]))
def test_an_option_of_removed_markup_only_is_always_refused(option, export_format):
    content = {"questions": [{"type": "multiple_choice", "text": "Pick.",
                              "options": ["A", option], "answer": 0}]}
    try:
        export(content, export_format)
    except InvalidAssetData as refused:
        assert refused.field_path == "questions[0].options[1]"
        return
    raise AssertionError(f"{option!r} was exported")


@SETTINGS
@given(question_sets, st.none() | st.fixed_dictionaries({}, optional={
    "time_limit_minutes": st.integers(1, 600), "shuffle_answers": st.booleans()}))
def test_a_set_s_json_is_its_dict_s_json_byte_for_byte(question_set, quiz_settings):
    # QuestionSet.to_json writes each question through a Struct of its shape (_json_shape):
    # key order, left-out fields and number types must stay those of to_dict.
    content = question_set if quiz_settings is None else {**question_set,
                                                          "settings": quiz_settings}
    loaded = load_question_set({"asset_name": "quiz1", "asset_content": content})

    assert loaded.to_json() == json_bytes(loaded.to_dict())
