"""Common spellings from AI generators load as the canonical question set (docs/formats.md)."""

import pytest

from lms_export_blueprint.formats import format_asset_for_lms
from lms_export_blueprint.formats.aliases import QUESTION_TYPES, TYPE_ALIASES, canonical_type


def standard(content, asset_type="quiz"):
    asset = {"asset_name": "quiz1", "asset_type": asset_type, "asset_content": content}
    return format_asset_for_lms(asset, "lms_standard")["content"]


def one_question(question):
    return standard({"questions": [question]})["questions"][0]


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("mcq", "multiple_choice"), ("Multiple-Choice", "multiple_choice"),
    ("multiple choice", "multiple_choice"), ("multiple_choice_question", "multiple_choice"),
    ("truefalse", "true_false"), ("TF", "true_false"), ("true-false", "true_false"),
    ("short", "short_answer"), ("fill-in-the-blank", "short_answer"),
    ("numeric", "numerical"), ("match", "matching"), ("checkbox", "multiple_answer"),
    ("multiple_answers_question", "multiple_answer"), ("long-answer", "essay"),
])
def test_type_aliases_map_to_the_canonical_type(spelling, canonical):
    assert canonical_type(spelling) == canonical


def test_every_alias_belongs_to_exactly_one_type():
    spellings = [alias for aliases in TYPE_ALIASES.values() for alias in aliases]
    assert len(spellings) == len(set(spellings))
    assert set(TYPE_ALIASES) == set(QUESTION_TYPES)
    assert not set(spellings) & set(QUESTION_TYPES)


@pytest.mark.parametrize("text_key", ["text", "question", "prompt", "question_text"])
@pytest.mark.parametrize("options_key", ["options", "choices"])
@pytest.mark.parametrize("answer_key", ["answer", "correct_answer", "correct"])
def test_field_aliases_load_as_canonical_fields(text_key, options_key, answer_key):
    loaded = one_question({"type": "mcq", text_key: "Pick", options_key: ["a", "b"],
                           answer_key: 1})
    assert loaded == {"type": "multiple_choice", "text": "Pick", "points": 1,
                      "options": ["a", "b"], "answer": 1}


@pytest.mark.parametrize(("reference", "index"), [
    (0, 0), (2, 2), (2.0, 2), ("B", 1), ("c", 2), ("Keratin", 1), (" Melanin ", 2), ("2", 2),
])
def test_a_right_answer_may_be_an_index_a_letter_or_the_option_text(reference, index):
    loaded = one_question({"type": "multiple_choice", "text": "Pick",
                           "options": ["Chlorophyll", "Keratin", "Melanin"],
                           "answer": reference})
    assert loaded["answer"] == index


def test_an_options_text_wins_over_the_letter_it_also_spells():
    loaded = one_question({"type": "mcq", "text": "Pick", "options": ["B", "A"], "answer": "A"})
    assert loaded["answer"] == 1


def test_answers_listing_every_option_is_read_as_the_option_list_for_single_choice():
    loaded = one_question({"type": "mcq", "text": "Pick", "answers": ["x", "y"],
                           "correct_answer": "y"})
    assert (loaded["options"], loaded["answer"]) == (["x", "y"], 1)


def test_option_objects_with_correct_flags_give_the_right_answers():
    loaded = one_question({"type": "multiple_answer", "text": "Pick", "answers": [
        {"text": "O2", "correct": True}, {"label": "Fe", "is_correct": False},
        {"text": "CO2", "is_correct": "yes", "explanation": "a gas"}]})
    assert loaded == {"type": "multiple_answer", "text": "Pick", "points": 1,
                      "options": ["O2", "Fe", "CO2"], "answers": [0, 2],
                      "option_feedback": [None, None, "a gas"]}


def test_multiple_answer_references_may_mix_forms_and_repeat():
    loaded = one_question({"type": "multi_select", "text": "Pick", "options": ["a", "b", "c"],
                           "correct_answers": ["C", 0, "a"]})
    assert loaded["answers"] == [0, 2]


@pytest.mark.parametrize(("given", "expected"), [
    (True, True), (False, False), ("true", True), ("False", False), ("YES", True), ("no", False),
])
def test_true_false_answers_accept_booleans_and_words(given, expected):
    assert one_question({"type": "tf", "text": "T", "correct": given})["answer"] is expected


def test_a_single_short_answer_string_becomes_the_accepted_list():
    loaded = one_question({"type": "short", "prompt": "S", "correct_answer": "chloroplast"})
    assert loaded["answers"] == ["chloroplast"]


def test_numerical_accepts_numeric_strings_and_margin_for_tolerance():
    loaded = one_question({"type": "numeric", "text": "N", "answer": "6.5", "margin": "0.1"})
    assert (loaded["answer"], loaded["tolerance"]) == (6.5, 0.1)


@pytest.mark.parametrize("pairs", [
    [{"prompt": "H2O", "match": "water"}, {"prompt": "CO2", "match": "carbon dioxide"}],
    [{"left": "H2O", "right": "water"}, {"left": "CO2", "right": "carbon dioxide"}],
    [{"term": "H2O", "definition": "water"}, {"term": "CO2", "definition": "carbon dioxide"}],
    [["H2O", "water"], ["CO2", "carbon dioxide"]],
    {"H2O": "water", "CO2": "carbon dioxide"},
])
def test_matching_pairs_accept_objects_lists_and_a_mapping(pairs):
    loaded = one_question({"type": "match", "text": "M", "matches": pairs})
    assert loaded["pairs"] == [{"prompt": "H2O", "match": "water"},
                               {"prompt": "CO2", "match": "carbon dioxide"}]


def test_marks_and_explanation_are_points_and_feedback():
    loaded = one_question({"type": "essay", "text": "E", "marks": 4, "explanation": "Why"})
    assert (loaded["points"], loaded["feedback"]) == (4, "Why")


def test_set_aliases_and_a_bare_question_list():
    essay = {"type": "essay", "text": "E"}
    assert standard({"name": "Set", "description": "Do it", "items": [essay]})[
        "title"] == "Set"
    assert standard([essay]) == {"title": "quiz1", "questions": [
        {"type": "essay", "text": "E", "points": 1}]}


def test_numbers_are_accepted_where_text_is_expected():
    loaded = one_question({"type": "mcq", "text": "2+2?", "options": [3, 4, 4.5], "answer": "4"})
    assert (loaded["options"], loaded["answer"]) == (["3", "4", "4.5"], 1)


def test_unknown_fields_are_ignored():
    assert one_question({"type": "essay", "text": "E", "difficulty": "hard"}) == {
        "type": "essay", "text": "E", "points": 1}


def test_text_is_trimmed_newlines_normalised_and_xml_illegal_characters_dropped():
    loaded = one_question({"type": "essay", "text": "  line1\r\nline2\x00\x0b\ud800  "})
    assert loaded["text"] == "line1\nline2"


@pytest.mark.parametrize(("content", "body"), [
    ("Plain notes", "Plain notes"),
    ({"title": "T", "body": "<p>Hi</p>"}, "<p>Hi</p>"),
    ({"name": "T", "content": "Hi"}, "Hi"),
    ('{"title": "T", "body": "From JSON"}', "From JSON"),
    ("{not json, just braces}", "{not json, just braces}"),
])
def test_pages_are_text_or_title_and_body(content, body):
    assert standard(content, asset_type="notes") == body
