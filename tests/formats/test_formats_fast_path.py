"""The fast path builds exactly what the schemas build, and declines everything else."""

import copy
from collections import Counter

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError
from test_formats_properties import questions, texts
from test_formats_validation import CASES

from lms_export_blueprint.formats import fast_path
from lms_export_blueprint.formats.aliases import (
    FIELD_ALIASES,
    OPTION_ALIASES,
    PAIR_ALIASES,
    SET_ALIASES,
    TYPE_ALIASES,
)
from lms_export_blueprint.formats.fast_path import load_canonical, load_canonical_page
from lms_export_blueprint.formats.fields import _NOT_XML, clean_text
from lms_export_blueprint.formats.schemas import PAGE_SCHEMA, QUESTION_SET_SCHEMA

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TITLE = "quiz1"


def schema_load(content):
    return QUESTION_SET_SCHEMA.load_set(content, default_title=TITLE)


def assert_same_model(fast, slow):
    # repr as well as ==: 1 == 1.0 == True, but the formats write them differently.
    assert fast == slow
    assert repr(fast) == repr(slow)


blank_texts = st.sampled_from(["", " ", "\r\n", "\x00"])
optional_texts = st.none() | blank_texts | texts


@st.composite
def canonical_questions(draw):
    """A canonical question with optional keys sometimes left out and references repeated."""
    question = draw(questions)
    for key in ("points", "feedback", "tolerance"):
        if key in question and draw(st.booleans()):
            del question[key]
    if draw(st.booleans()):
        question["feedback"] = draw(optional_texts)
    if question["type"] == "multiple_answer":
        question["answers"] = draw(st.permutations(
            question["answers"] + draw(st.lists(st.sampled_from(question["answers"])))))
    if question["type"] == "short_answer":
        question["answers"] += draw(st.lists(st.sampled_from(question["answers"]), max_size=2))
        if draw(st.booleans()):
            question["case_sensitive"] = draw(st.booleans())
    return question


canonical_sets = st.one_of(
    st.lists(canonical_questions(), min_size=1, max_size=6),
    st.fixed_dictionaries({"questions": st.lists(canonical_questions(), min_size=1, max_size=6)},
                          optional={"title": optional_texts, "instructions": optional_texts}),
)


@SETTINGS
@given(canonical_sets)
def test_canonical_sets_load_on_the_fast_path_as_the_schemas_load_them(content):
    fast = load_canonical(content, TITLE)

    assert fast is not None
    assert_same_model(fast, schema_load(content))


def locations(node):
    """Every (container, key) in the nested content, the top level included."""
    found = [(None, None)]
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        found.append((node, key))
        if isinstance(value, (dict, list)):
            found += [spot for spot in locations(value) if spot[0] is not None]
    return found


odd_values = st.sampled_from([
    None, "", " ", "\x00", "\ud800", "A", "b", "6", "inf", "yes", "mcq", "essay", "Essay", True,
    False, -1, -0.0, 0, 1, 5, 2.0, 2.5, 1e400, 10**400, [], [0], ["a"], ["x", "y"], {},
    {"text": "a", "correct": True}, {"prompt": "p", "match": "m"},
])
odd_keys = st.sampled_from(sorted({
    name for table in (FIELD_ALIASES, OPTION_ALIASES, PAIR_ALIASES, SET_ALIASES)
    for names in table.values() for name in names} | {"difficulty", "\ud800"}))


@st.composite
def near_canonical_sets(draw):
    """A canonical set with one value replaced, one key removed or one key added."""
    content = copy.deepcopy(draw(canonical_sets))
    container, key = draw(st.sampled_from(locations(content)))
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if container is None:
        content = draw(odd_values)
    elif action == "replace" or isinstance(container, list):
        container[key] = draw(odd_values)
    elif action == "remove":
        del container[key]
    else:
        container[draw(odd_keys)] = draw(odd_values)
    return content


@SETTINGS
@given(near_canonical_sets())
def test_the_fast_path_accepts_only_what_the_schemas_load_the_same_way(content):
    fast = load_canonical(content, TITLE)
    try:
        slow = schema_load(content)
    except Exception:  # a ValidationError, or the OverflowError of a huge int
        assert fast is None
        return

    if fast is not None:
        assert_same_model(fast, slow)


@pytest.mark.parametrize("asset", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_the_fast_path_declines_every_invalid_content(asset):
    assert load_canonical(asset["asset_content"], TITLE) is None


def numerical(**fields):
    return {"type": "numerical", "text": "N", "answer": 6, **fields}


CLOSE_BUT_INVALID = [
    numerical(answer=True), numerical(answer=float("nan")), numerical(answer=float("inf")),
    numerical(tolerance=False), numerical(points=True), numerical(points=None),
    numerical(answer=10**400), {"type": "true_false", "text": "T", "answer": 1},
    {"type": "multiple_choice", "text": "Pick", "options": ["a", "b"], "answer": False},
    {"type": "matching", "text": "M", "pairs": [{"prompt": "p", "match": " "},
                                                 {"prompt": "q", "match": "n"}]},
    {"type": "short_answer", "text": "S", "answers": ["x", None]},
]


@pytest.mark.parametrize("question", CLOSE_BUT_INVALID, ids=repr)
def test_the_fast_path_declines_wrong_types_and_values_near_the_canonical_shape(question):
    with pytest.raises((ValidationError, OverflowError)):  # given: the schemas refuse it
        schema_load({"questions": [question]})

    assert load_canonical({"questions": [question]}, TITLE) is None


def mcq():
    return {"type": "multiple_choice", "text": "Pick", "options": ["a", "b"], "answer": 1,
            "points": 2, "feedback": "f"}


CANONICAL = [
    mcq(),
    {"type": "multiple_answer", "text": "Pick", "options": ["a", "b"], "answers": [0, 1],
     "points": 1, "feedback": "f"},
    {"type": "true_false", "text": "T", "answer": True},
    {"type": "short_answer", "text": "S", "answers": ["x"], "case_sensitive": True},
    {"type": "numerical", "text": "N", "answer": 6, "tolerance": 0.5},
    {"type": "essay", "text": "E"},
    {"type": "matching", "text": "M", "pairs": [{"prompt": "p", "match": "m"},
                                                 {"prompt": "q", "match": "n"}],
     "distractors": ["o"]},
]


def renamed(mapping, key, alias):
    return {alias if name == key else name: value for name, value in mapping.items()}


def aliased_questions():
    """Each canonical question with one field, or its type, spelt another accepted way."""
    for question in CANONICAL:
        for key in question:
            for alias in FIELD_ALIASES.get(key, ())[1:]:
                yield renamed(question, key, alias)
        kind = question["type"]
        spellings = {*TYPE_ALIASES[kind], kind.upper(), kind.replace("_", " ")} - {kind}
        for spelling in sorted(spellings):
            yield {**question, "type": spelling}
    pair = {"prompt": "p", "match": "m"}
    for side, names in PAIR_ALIASES.items():
        for alias in names[1:]:
            yield {**CANONICAL[-1], "pairs": [renamed(pair, side, alias), pair]}


SHAPES_ONLY_THE_SCHEMAS_READ = [
    {**mcq(), "answer": "B"}, {**mcq(), "answer": "b"}, {**mcq(), "answer": "a"},
    {**mcq(), "answer": "1"}, {**mcq(), "answer": 1.0},
    {**mcq(), "options": [{"text": "a"}, {"text": "b", "correct": True}], "answer": 1},
    {**mcq(), "options": ["a", {"label": "b", "is_correct": True}], "answer": 1},
    {**mcq(), "options": [3, 4]},
    {**mcq(), "text": 42}, {**mcq(), "points": "2"}, {**mcq(), "feedback": 7},
    {"type": "multiple_choice", "text": "Pick", "answers": ["x", "y"], "correct_answer": "y"},
    {"type": "multiple_answer", "text": "Pick", "options": ["a", "b"], "answers": 0},
    {"type": "multiple_answer", "text": "Pick", "options": ["a", "b"], "answer": [0]},
    {"type": "multiple_answer", "text": "Pick", "options": ["a", "b"], "answers": ["A", 1]},
    {"type": "true_false", "text": "T", "answer": "yes"},
    {"type": "short_answer", "text": "S", "answer": "x"},
    {"type": "short_answer", "text": "S", "answers": ["x"], "case_sensitive": "no"},
    {"type": "numerical", "text": "N", "answer": "6.5", "tolerance": "0.1"},
    {"type": "matching", "text": "M", "pairs": [["a", "b"], ["c", "d"]]},
    {"type": "matching", "text": "M", "pairs": {"a": "b", "c": "d"}},
    {"type": "essay", "text": "E", "difficulty": "hard"},
]


@pytest.mark.parametrize("question", [*aliased_questions(), *SHAPES_ONLY_THE_SCHEMAS_READ],
                         ids=repr)
def test_the_fast_path_declines_aliases_and_other_shapes_the_schemas_accept(question):
    schema_load({"questions": [question]})  # given: the schemas load it

    assert load_canonical({"questions": [question]}, TITLE) is None


@pytest.mark.parametrize(("key", "alias"), [
    (key, alias) for key, names in SET_ALIASES.items() for alias in names[1:]])
def test_the_fast_path_declines_set_aliases(key, alias):
    canonical = {"title": "T", "instructions": "I", "questions": CANONICAL,
                 "settings": {"allowed_attempts": 2}}
    content = renamed(canonical if key == "settings" else
                      {name: value for name, value in canonical.items() if name != "settings"},
                      key, alias)
    schema_load(content)

    assert load_canonical(content, TITLE) is None


def test_the_canonical_examples_take_the_fast_path():
    content = {"title": "T", "instructions": "I", "questions": CANONICAL}

    assert_same_model(load_canonical(content, TITLE), schema_load(content))


def clean_text_in_full(text):
    """clean_text without its shortcut for printable text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text).strip()


@SETTINGS
@given(st.text(st.characters(codec=None), max_size=40))
def test_clean_text_shortcut_for_printable_text_changes_nothing(text):
    assert clean_text(text) == clean_text_in_full(text)


@SETTINGS
@given(st.text(st.characters(codec=None), max_size=40)
       | st.text(st.characters(max_codepoint=0x7F), max_size=40))
def test_the_printable_check_for_ascii_answers_as_isprintable_does(text):
    assert fast_path._printable(text) == text.isprintable()


def strings_in(node, leave_out=("type", "option_feedback")):
    """Every string in a question's builtins but its type name and option feedback."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for key, value in node.items() if key not in leave_out
                for text in strings_in(value)]
    if isinstance(node, (list, tuple)):
        return [text for item in node for text in strings_in(item)]
    return []


@SETTINGS
@given(st.lists(canonical_questions(), min_size=1, max_size=6))
def test_the_texts_read_for_a_set_are_every_string_its_questions_hold(content):
    # Every text is looked at (fast_path._texts): a missed field would pass unclean text.
    questions = fast_path.converted(content, fast_path._QUESTIONS)
    assume(questions is not None)

    assert Counter(fast_path._texts(questions)) == Counter(
        text for question in questions for text in strings_in(msgspec.to_builtins(question)))


page_texts = st.text(st.characters(codec=None), max_size=20)
canonical_pages = st.fixed_dictionaries(
    {"body": page_texts},
    optional={"title": st.none() | page_texts,
              "format": st.none() | st.sampled_from(["markdown", "html", "text"])})
near_canonical_pages = st.one_of(
    canonical_pages,
    st.dictionaries(st.sampled_from(["body", "title", "format", "text", "content", "name"]),
                    odd_values | page_texts, max_size=4),
)


@SETTINGS
@given(canonical_pages)
def test_canonical_pages_load_on_the_fast_path_as_the_schemas_load_them(content):
    fast = load_canonical_page(content, TITLE)

    assert fast is not None
    assert_same_model(fast, PAGE_SCHEMA.load_page(content, default_title=TITLE))


@SETTINGS
@given(near_canonical_pages)
def test_the_page_fast_path_accepts_only_what_the_schemas_load_the_same_way(content):
    fast = load_canonical_page(content, TITLE)
    try:
        slow = PAGE_SCHEMA.load_page(content, default_title=TITLE)
    except ValidationError:
        assert fast is None
        return

    if fast is not None:
        assert_same_model(fast, slow)


@pytest.mark.parametrize("content", [
    [{"type": "\ud800", "text": "a"}], [{"type": "essay", "text": "a", "\ud800": 1}],
    {"questions": [{"type": "essay", "text": "a"}], "\ud800": 1}], ids=repr)
def test_a_lone_surrogate_in_a_key_or_type_name_is_declined_not_raised(content):
    # msgspec reads keys and tags as UTF-8: it raised UnicodeEncodeError, a 500
    assert load_canonical(content, TITLE) is None


@pytest.mark.parametrize("content", [
    {"body": "b", "format": "HTML"}, {"body": "b", "format": "docx"}, {"body": 7},
    {"body": "b", "title": 7}, {"text": "b"}, {"body": "b", "extra": 1}, ["b"], "b",
    {"body": "b", "\ud800": 1}],
    ids=repr)
def test_the_page_fast_path_declines_aliases_odd_values_and_unknown_keys(content):
    assert load_canonical_page(content, TITLE) is None


@pytest.mark.parametrize("question", [
    {"type": "essay", "text": "<iframe src='https://v.example/1'></iframe>"},
    {**mcq(), "options": ["a", "<script>alert(1)</script>"]},
    {**mcq(), "feedback": "<video></video>"},  # the schemas accept it: feedback may be blank
    {"type": "matching", "text": "M", "pairs": [{"prompt": "p", "match": " <video></video>"},
                                                 {"prompt": "q", "match": "n"}]},
], ids=repr)
def test_the_fast_path_declines_a_text_that_shows_nothing_so_the_schemas_path_names_it(question):
    assert load_canonical({"questions": [question]}, TITLE) is None


def test_html_that_shows_text_takes_the_fast_path():
    question = {**mcq(), "text": "<p><strong>Pick</strong> <span>one</span></p>",
                "options": ["<em>a</em>", "&amp; b", '<img src="https://example.edu/a.png">']}

    assert_same_model(load_canonical({"questions": [question]}, TITLE),
                      schema_load({"questions": [question]}))


def _clean_questions(count):
    return [{**mcq(), "text": f"Question {at}: pick <b>one</b>"} for at in range(count)]


@pytest.mark.parametrize("last", [
    {"type": "essay", "text": ""},
    {**mcq(), "options": ["", "b"]},
    {"type": "essay", "text": "<video></video>"},
    {**mcq(), "options": ["a", "<iframe></iframe>"]},
    {"type": "matching", "text": "M", "pairs": [{"prompt": "p", "match": "<script>x</script>"},
                                                 {"prompt": "q", "match": "n"}]},
], ids=repr)
def test_one_empty_or_hidden_text_after_many_clean_questions_still_declines_the_set(last):
    # The texts of a set are looked at together first (fast_path._checked_set).
    assert load_canonical({"questions": [*_clean_questions(5), last]}, TITLE) is None


@pytest.mark.parametrize("last", [
    {**mcq(), "text": "Trailing space "},
    {**mcq(), "options": [" a", "b"]},
    {**mcq(), "feedback": "line\r\nbreak"},
    {"type": "short_answer", "text": "S", "answers": ["x\x07y"]},
], ids=repr)
def test_one_text_to_clean_after_many_clean_questions_loads_as_the_schemas_load_it(last):
    content = {"questions": [*_clean_questions(5), last]}

    assert_same_model(load_canonical(content, TITLE), schema_load(content))
