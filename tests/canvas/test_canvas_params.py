"""Rails parameter parsing: Rack's nested query rules and JSON bodies."""

from __future__ import annotations

from lms_export_blueprint.testing.canvas.params import parse_nested_query, request_params


def test_bracket_array_of_hashes_starts_a_new_hash_when_a_key_repeats():
    params = parse_nested_query(
        "q[answers][][answer_text]=Paris&q[answers][][answer_weight]=100"
        "&q[answers][][answer_text]=Lyon&q[answers][][answer_weight]=0")

    assert params["q"]["answers"] == [{"answer_text": "Paris", "answer_weight": "100"},
                                      {"answer_text": "Lyon", "answer_weight": "0"}]


def test_bracket_array_merges_a_missing_key_into_the_previous_hash():
    # Why Canvas's docs prefer indexed keys: an answer without a weight shifts the next weight.
    params = parse_nested_query("a[][text]=x&a[][text]=y&a[][weight]=100")

    assert params["a"] == [{"text": "x"}, {"text": "y", "weight": "100"}]


def test_indexed_keys_make_a_hash_keyed_by_index():
    params = parse_nested_query("a[1][text]=second&a[0][text]=first")

    assert params["a"] == {"1": {"text": "second"}, "0": {"text": "first"}}


def test_empty_brackets_append_plain_values():
    assert parse_nested_query("ids[]=1&ids[]=2") == {"ids": ["1", "2"]}


def test_json_body_fields_join_the_query_parameters():
    params = request_params("per_page=5", b'{"quiz": {"title": "T", "published": true}}',
                            "application/json; charset=utf-8")

    assert params == {"per_page": "5", "quiz": {"title": "T", "published": True}}


def test_a_shape_conflict_is_a_400(api, course_id):
    answer = api.post(f"/api/v1/courses/{course_id}/quizzes", data="quiz[title]=a&quiz[]=b",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})

    assert answer.status_code == 400
    assert "quiz" in answer.json()["errors"][0]["message"]
