"""grade(): whether Canvas would give full marks, per classic type and New Quizzes type."""

from __future__ import annotations

import pytest

from lms_export_blueprint.testing.canvas import grade
from lms_export_blueprint.testing.canvas.questions import build_question


def classic(question_type: str, answers: list[dict], **fields) -> dict:
    import random

    return build_question({"question_type": question_type, "answers": answers, **fields},
                          random.Random(1))


def test_multiple_answers_needs_every_correct_and_no_incorrect_answer():
    question = classic("multiple_answers_question", [
        {"answer_text": "2", "answer_weight": 100}, {"answer_text": "3", "answer_weight": 100},
        {"answer_text": "4", "answer_weight": 0}])

    assert grade(question, ["2", "3"]) is True
    assert grade(question, ["2"]) is False
    assert grade(question, ["2", "3", "4"]) is False


def test_choices_may_be_named_by_answer_id():
    question = classic("multiple_choice_question", [
        {"answer_text": "no", "answer_weight": 0}, {"answer_text": "yes", "answer_weight": 100}])
    correct = next(a["id"] for a in question["answers"] if a["weight"] == 100)

    assert grade(question, correct) is True


def test_short_answer_ignores_case_and_surrounding_space():
    question = classic("short_answer_question", [{"answer_text": "Mitochondria"}])

    assert grade(question, "  mitochondria ") is True
    assert grade(question, "nucleus") is False


def test_numerical_margin_is_inclusive_at_both_edges_exactly():
    question = classic("numerical_question", [{"numerical_answer_type": "exact_answer",
                                               "answer_exact": "-11.7",
                                               "answer_error_margin": "0.02"}])

    assert grade(question, "-11.72") is True
    assert grade(question, "-11.68") is True
    assert grade(question, "-11.7201") is False


def test_numerical_percent_margin_is_a_share_of_the_exact_value():
    question = classic("numerical_question", [{"numerical_answer_type": "exact_answer",
                                               "answer_exact": "200",
                                               "answer_error_margin": "5%"}])

    assert grade(question, "210") is True
    assert grade(question, "211") is False


def test_numerical_range_answer_is_inclusive():
    question = classic("numerical_question", [{"numerical_answer_type": "range_answer",
                                               "answer_range_start": "1",
                                               "answer_range_end": "2"}])

    assert (grade(question, "2"), grade(question, "2.01")) == (True, False)


def test_matching_a_distractor_is_wrong():
    question = classic("matching_question", [
        {"answer_match_left": "H", "answer_match_right": "Hydrogen"}],
        matching_answer_incorrect_matches="Helium")

    assert grade(question, {"H": "Helium"}) is False
    assert grade(question, {"H": "Hydrogen"}) is True


def test_essay_has_no_automatic_grade():
    assert grade(classic("essay_question", []), "anything") is None


def test_an_unknown_classic_type_is_refused():
    with pytest.raises(ValueError, match="multiple_choice"):
        grade({"question_type": "multiple_choice", "answers": []}, "A")


def test_new_quiz_numeric_margin_of_error_in_percent():
    entry = {"interaction_type_slug": "numeric", "scoring_data": {"value": [
        {"id": "1", "type": "marginOfError", "value": "200", "margin": "3",
         "margin_type": "percent"}]}}

    assert grade(entry, 206) is True
    assert grade(entry, 206.5) is False


def test_new_quiz_fill_blank_close_enough_allows_the_edit_distance():
    entry = {"interaction_type_slug": "rich-fill-blank", "scoring_data": {"value": [
        {"id": "b1", "scoring_algorithm": "TextCloseEnough",
         "scoring_data": {"value": "Roses", "ignore_case": True, "edit_distance": 1}}]}}

    assert grade(entry, {"b1": "rose"}) is True
    assert grade(entry, {"b1": "rise"}) is False


def test_new_quiz_ordering_needs_the_exact_order():
    entry = {"interaction_type_slug": "ordering",
             "interaction_data": {"choices": {"a": {"id": "a", "item_body": "one"},
                                              "b": {"id": "b", "item_body": "two"}}},
             "scoring_data": {"value": ["a", "b"]}}

    assert grade(entry, ["one", "two"]) is True
    assert grade(entry, ["b", "a"]) is False


def test_new_quiz_vary_points_by_answer_gives_full_marks_only_to_the_best_choice():
    entry = {"interaction_type_slug": "choice", "scoring_algorithm": "VaryPointsByAnswer",
             "interaction_data": {"choices": [{"id": "x", "item_body": "<p>x</p>"},
                                              {"id": "y", "item_body": "<p>y</p>"}]},
             "scoring_data": {"value": "x", "values": [{"value": "x", "points": 2},
                                                       {"value": "y", "points": 1}]}}

    assert (grade(entry, "x"), grade(entry, "y")) == (True, False)


def test_new_quiz_true_false_reads_a_form_string_as_its_boolean():
    entry = {"interaction_type_slug": "true-false", "scoring_data": {"value": "false"}}

    assert (grade(entry, "false"), grade(entry, True)) == (True, False)
