"""Classic quizzes: created, questions parsed like Canvas's answer parsers, then published."""

from __future__ import annotations

import pytest

from lms_export_blueprint.testing.canvas import grade


@pytest.fixture
def quiz_url(api, course_id) -> str:
    quiz = api.post(f"/api/v1/courses/{course_id}/quizzes",
                    data={"quiz[title]": "Cells", "quiz[quiz_type]": "assignment"}).json()
    return f"/api/v1/courses/{course_id}/quizzes/{quiz['id']}"


def test_a_new_quiz_is_unpublished_until_quiz_published(api, quiz_url):
    assert api.get(quiz_url).json()["published"] is False

    answer = api.put(quiz_url, data={"quiz[published]": "true"})

    assert answer.status_code == 200
    assert answer.json()["published"] is True


def test_points_possible_is_the_sum_of_the_questions_whatever_was_sent(api, quiz_url):
    api.put(quiz_url, data={"quiz[points_possible]": "99"})
    for points in ("2", "3.5"):
        api.post(quiz_url + "/questions", data={"question[question_type]": "essay_question",
                                                "question[points_possible]": points})

    quiz = api.get(quiz_url).json()

    assert (quiz["points_possible"], quiz["question_count"]) == (5.5, 2)


def test_a_sent_position_is_ignored_creation_order_wins(api, quiz_url):
    for name, position in (("first", "5"), ("second", "1")):
        api.post(quiz_url + "/questions", data={"question[question_name]": name,
                                                "question[position]": position})

    listed = api.get(quiz_url + "/questions").json()

    assert [(q["question_name"], q["position"]) for q in listed] == [("first", 1), ("second", 2)]


def test_deleting_a_quiz_removes_it(api, quiz_url, canvas):
    assert api.delete(quiz_url).status_code == 200

    assert api.get(quiz_url).status_code == 404
    assert canvas.quizzes == {}


def test_multiple_choice_from_indexed_form_keys_grades_right(api, quiz_url):
    question = api.post(quiz_url + "/questions", data={
        "question[question_type]": "multiple_choice_question",
        "question[question_text]": "Capital of France?",
        "question[answers][0][answer_text]": "Lyon", "question[answers][0][answer_weight]": "0",
        "question[answers][1][answer_text]": "Paris",
        "question[answers][1][answer_weight]": "100"}).json()

    assert grade(question, "Paris") is True
    assert grade(question, "Lyon") is False


def test_multiple_choice_from_bracket_form_keys_grades_right(api, quiz_url):
    body = ("question[question_type]=multiple_choice_question"
            "&question[answers][][answer_text]=Lyon&question[answers][][answer_weight]=0"
            "&question[answers][][answer_text]=Paris&question[answers][][answer_weight]=100")
    question = api.post(quiz_url + "/questions", data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"}).json()

    assert grade(question, "Paris") is True


def test_multiple_choice_without_a_correct_answer_makes_the_first_correct(api, quiz_url):
    question = api.post(quiz_url + "/questions", json={"question": {
        "question_type": "multiple_choice_question",
        "answers": [{"answer_text": "A"}, {"answer_text": "B"}]}}).json()

    assert grade(question, "A") is True


def test_true_false_does_not_pick_a_correct_answer_for_you(api, quiz_url):
    question = api.post(quiz_url + "/questions", json={"question": {
        "question_type": "true_false_question",
        "answers": [{"answer_text": "True"}, {"answer_text": "False"}]}}).json()

    assert grade(question, "True") is False


def test_numerical_exact_answer_with_margin_from_json(api, quiz_url):
    question = api.post(quiz_url + "/questions", json={"question": {
        "question_type": "numerical_question",
        "answers": [{"numerical_answer_type": "exact_answer", "answer_exact": 9.81,
                     "answer_error_margin": 0.01}]}}).json()

    assert grade(question, "9.82") is True
    assert grade(question, "9.83") is False


def test_matching_keeps_left_right_pairs_and_distractors(api, quiz_url):
    question = api.post(quiz_url + "/questions", json={"question": {
        "question_type": "matching_question",
        "answers": [{"answer_match_left": "Sun", "answer_match_right": "Star"},
                    {"answer_match_left": "Moon", "answer_match_right": "Satellite"}],
        "matching_answer_incorrect_matches": "Planet\nComet"}}).json()

    assert sorted(m["text"] for m in question["matches"]) == [
        "Comet", "Planet", "Satellite", "Star"]
    assert grade(question, {"Sun": "Star", "Moon": "Satellite"}) is True
    assert grade(question, {"Sun": "Planet", "Moon": "Satellite"}) is False


def test_feedback_html_is_kept_apart_from_plain_comments(api, quiz_url):
    question = api.post(quiz_url + "/questions", data={
        "question[question_type]": "essay_question",
        "question[neutral_comments_html]": "<p>See <b>chapter 2</b></p>"}).json()

    assert question["neutral_comments_html"] == "<p>See <b>chapter 2</b></p>"
    assert question["neutral_comments"] is None


def test_a_question_for_an_unknown_quiz_is_404(api, course_id):
    answer = api.post(f"/api/v1/courses/{course_id}/quizzes/424242/questions",
                      data={"question[question_type]": "essay_question"})

    assert answer.status_code == 404


def test_question_text_is_read_as_html_so_a_bare_less_than_can_swallow_words(api, quiz_url):
    question = api.post(quiz_url + "/questions", data={
        "question[question_type]": "essay_question",
        "question[question_text]": "Is a<b and c>d?"}).json()

    assert question["question_text"] == "Is a<b>d?"


def test_scripts_are_stripped_from_question_text(api, quiz_url):
    question = api.post(quiz_url + "/questions", data={
        "question[question_type]": "essay_question",
        "question[question_text]": "<p onclick='x()'>Why?<script>alert(1)</script></p>"}).json()

    assert question["question_text"] == "<p>Why?</p>"


def test_escaped_text_survives(api, quiz_url):
    question = api.post(quiz_url + "/questions", data={
        "question[question_type]": "essay_question",
        "question[question_text]": "Is a &lt; b?"}).json()

    assert question["question_text"] == "Is a &lt; b?"


def test_json_answers_given_as_an_indexed_object_keep_index_order(api, quiz_url):
    question = api.post(quiz_url + "/questions", json={"question": {
        "question_type": "short_answer_question",
        "answers": {"1": {"answer_text": "second"}, "0": {"answer_text": "first"}}}}).json()

    assert [a["text"] for a in question["answers"]] == ["first", "second"]


def test_deleting_a_question_recounts_the_quiz(api, quiz_url):
    kept = api.post(quiz_url + "/questions", data={"question[question_type]": "essay_question",
                                                   "question[points_possible]": "1"}).json()
    dropped = api.post(quiz_url + "/questions", data={
        "question[question_type]": "essay_question", "question[points_possible]": "4"}).json()

    answer = api.delete(f"{quiz_url}/questions/{dropped['id']}")

    assert answer.status_code == 204
    assert api.get(quiz_url).json()["points_possible"] == kept["points_possible"]


def test_updating_a_question_reparses_its_answers(api, quiz_url):
    question = api.post(quiz_url + "/questions", json={"question": {
        "question_type": "short_answer_question", "answers": [{"answer_text": "cat"}]}}).json()

    updated = api.put(f"{quiz_url}/questions/{question['id']}", json={"question": {
        "answers": [{"answer_text": "dog"}]}}).json()

    assert (grade(updated, "dog"), grade(updated, "cat")) == (True, False)


def test_students_take_the_questions_there_when_the_quiz_was_published(api, quiz_url, canvas):
    api.post(quiz_url + "/questions", data={"question[question_name]": "before"})
    api.put(quiz_url, data={"quiz[published]": "true"})
    api.post(quiz_url + "/questions", data={"question[question_name]": "after"})
    quiz_id = int(quiz_url.rsplit("/", 1)[1])

    assert [q["question_name"] for q in canvas.published_questions(quiz_id)] == ["before"]

    api.put(quiz_url, data={"quiz[published]": "true"})

    assert [q["question_name"] for q in canvas.published_questions(quiz_id)] == [
        "before", "after"]


def test_canvas_has_no_idempotency_keys_a_repeated_post_creates_twice(api, course_id, canvas):
    for _ in range(2):
        api.post(f"/api/v1/courses/{course_id}/quizzes", data={"quiz[title]": "Again"},
                 headers={"Idempotency-Key": "same-key"})

    assert [q["title"] for q in canvas.quizzes.values()] == ["Again", "Again"]
