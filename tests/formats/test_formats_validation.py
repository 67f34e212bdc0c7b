"""Each validation error names the asset, the field path and why (a 422, docs/formats.md)."""

import json

import pytest

from lms_export_blueprint.errors import InvalidAssetData
from lms_export_blueprint.formats import format_asset_for_lms


def quiz(*questions, **fields):
    return {"asset_name": "quiz1", "asset_type": "quiz",
            "asset_content": {"questions": list(questions), **fields}}


def mcq(**overrides):
    return {"type": "multiple_choice", "text": "Pick", "options": ["a", "b"], "answer": 0,
            **overrides}


CASES = [
    ("option index out of range", quiz(mcq(), mcq(), mcq(answer=5)),
     "questions[2].answer", "option index 5 is out of range (2 options)"),
    ("negative option index", quiz(mcq(answer=-1)),
     "questions[0].answer", "option index -1 is out of range (2 options)"),
    ("option letter out of range", quiz(mcq(answer="C")),
     "questions[0].answer", "option letter C is out of range (2 options)"),
    ("answer text not an option", quiz(mcq(answer="zebra")),
     "questions[0].answer", "'zebra' is not one of the options"),
    ("answer given as true", quiz(mcq(answer=True)),
     "questions[0].answer", "must be an option index (from 0), letter or text, not True"),
    ("no right answer for a multiple choice", quiz(mcq(answer=None)),
     "questions[0].answer", "is required: the right option's index (from 0), letter or text"),
    ("two options flagged for a multiple choice",
     quiz(mcq(answer=None, options=[{"text": "a", "correct": True},
                                    {"text": "b", "correct": True}])),
     "questions[0].answer",
     "2 options are marked correct; a multiple-choice question has exactly one"),
    ("no questions", quiz(), "questions", "has no questions"),
    ("questions missing", {"asset_name": "quiz1", "asset_type": "quiz",
                           "asset_content": {"title": "t"}}, "questions", "is required"),
    ("empty option list", quiz(mcq(options=[])), "questions[0].options", "must not be empty"),
    ("a single option", quiz(mcq(options=["a"])), "questions[0].options",
     "needs at least 2 options, got 1"),
    ("blank option", quiz(mcq(options=["a", "  "])), "questions[0].options[1]", "is empty"),
    ("option object without text", quiz(mcq(options=["a", {"correct": True}])),
     "questions[0].options[1].text", "is required"),
    ("matching with one pair",
     quiz({"type": "matching", "text": "M", "pairs": [{"prompt": "a", "match": "b"}]}),
     "questions[0].pairs", "needs at least 2 pairs, got 1"),
    ("matching pair missing its match",
     quiz({"type": "matching", "text": "M", "pairs": [{"prompt": "a"}, {"prompt": "b"}]}),
     "questions[0].pairs[0].match", "is required"),
    ("multiple answer with no right answer",
     quiz({"type": "multiple_answer", "text": "M", "options": ["a", "b"], "answers": []}),
     "questions[0].answers", "needs at least one right answer"),
    ("multiple answer with a bad reference",
     quiz({"type": "multiple_answer", "text": "M", "options": ["a", "b"], "answers": [0, 7]}),
     "questions[0].answers[1]", "option index 7 is out of range (2 options)"),
    ("numerical answer not a number",
     quiz({"type": "numerical", "text": "N", "answer": "six"}),
     "questions[0].answer", "must be a number, not 'six'"),
    ("numerical answer infinite",
     quiz({"type": "numerical", "text": "N", "answer": "inf"}),
     "questions[0].answer", "must be a finite number"),
    ("points too large for a float",
     quiz({"type": "essay", "text": "E", "points": 10**400}),
     "questions[0].points", "must be a finite number"),
    ("negative tolerance",
     quiz({"type": "numerical", "text": "N", "answer": 1, "tolerance": -0.5}),
     "questions[0].tolerance", "must not be negative"),
    ("negative points", quiz(mcq(points=-1)), "questions[0].points", "must not be negative"),
    ("true/false answer not a boolean",
     quiz({"type": "true_false", "text": "T", "answer": "maybe"}),
     "questions[0].answer", "must be true or false, not 'maybe'"),
    ("short answer without accepted answers",
     quiz({"type": "short_answer", "text": "S", "answers": []}),
     "questions[0].answers", "needs at least one accepted answer"),
    ("unknown question type", quiz({"type": "drag_and_drop", "text": "D"}),
     "questions[0].type",
     "unknown question type 'drag_and_drop'; known types: multiple_choice, multiple_answer, "
     "true_false, short_answer, numerical, essay, matching"),
    ("missing question type", quiz({"text": "D"}), "questions[0].type",
     "is required; known types: multiple_choice, multiple_answer, true_false, short_answer, "
     "numerical, essay, matching"),
    ("blank question text", quiz(mcq(text=" ")), "questions[0].text", "is empty"),
    ("question not an object", quiz("What?"), "questions[0]", "must be an object"),
    ("content not valid JSON",
     {"asset_name": "quiz1", "asset_type": "quiz", "asset_content": '{"questions": ['},
     "asset_content", "not valid JSON: Expecting value: line 1 column 16 (char 15)"),
    ("content of the wrong kind", {"asset_name": "quiz1", "asset_type": "quiz", "asset_content": 3},
     "asset_content", "must be a question set object, not int"),
    ("page object without a body",
     {"asset_name": "quiz1", "asset_type": "notes", "asset_content": {"title": "t"}},
     "body", "is required"),
]


@pytest.mark.parametrize("export_format", ["lms_standard", "moodle", "canvas"])
@pytest.mark.parametrize(("asset", "path", "reason"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_invalid_content_names_the_field_and_the_reason(asset, path, reason, export_format):
    with pytest.raises(InvalidAssetData) as caught:
        format_asset_for_lms(asset, export_format)
    assert (caught.value.field_path, caught.value.reason) == (path, reason)
    assert caught.value.detail == f"Invalid asset data: quiz1: {path}: {reason}"
    assert caught.value.status == 422


def test_the_documented_example_detail_reads_exactly():
    with pytest.raises(InvalidAssetData) as caught:
        format_asset_for_lms(quiz(mcq(), mcq(), mcq(answer=5)), "moodle")
    assert caught.value.detail == (
        "Invalid asset data: quiz1: questions[2].answer: "
        "option index 5 is out of range (2 options)")


def test_json_string_content_is_validated_like_a_dict():
    asset = quiz(mcq(answer=5))
    asset["asset_content"] = json.dumps(asset["asset_content"])
    with pytest.raises(InvalidAssetData, match=r"questions\[0\]\.answer"):
        format_asset_for_lms(asset, "canvas")


def test_moodle_refuses_more_right_answers_than_it_can_grade():
    options = [f"o{index}" for index in range(22)]
    asset = quiz({"type": "multiple_answer", "text": "M", "options": options,
                  "answers": list(range(21))})
    with pytest.raises(InvalidAssetData) as caught:
        format_asset_for_lms(asset, "moodle")
    assert (caught.value.field_path, caught.value.reason) == (
        "questions[0].answers",
        "Moodle can split a grade between at most 20 right answers, not 21")
    assert format_asset_for_lms(asset, "canvas")["content"]["questions"]  # Canvas can
