"""New Quizzes: quizzes by assignment id, items per interaction type, each checked and graded."""

from __future__ import annotations

import pytest

from lms_export_blueprint.testing.canvas import grade


@pytest.fixture
def items_url(api, course_id) -> str:
    quiz = api.post(f"/api/quiz/v1/courses/{course_id}/quizzes",
                    json={"quiz": {"title": "Cells", "instructions": "<p>Go</p>"}}).json()
    return f"/api/quiz/v1/courses/{course_id}/quizzes/{quiz['id']}/items"


def item(slug: str, interaction_data: dict, scoring_data: dict, algorithm: str,
         points: float = 1) -> dict:
    return {"item": {"entry_type": "Item", "points_possible": points, "entry": {
        "interaction_type_slug": slug, "item_body": "<p>Question</p>",
        "interaction_data": interaction_data, "scoring_data": scoring_data,
        "scoring_algorithm": algorithm}}}


def test_a_new_quiz_is_addressed_by_its_assignment_id(api, course_id):
    quiz = api.post(f"/api/quiz/v1/courses/{course_id}/quizzes",
                    data={"quiz[title]": "Cells"}).json()

    shown = api.get(f"/api/quiz/v1/courses/{course_id}/quizzes/{quiz['id']}")

    assert shown.status_code == 200
    assert (shown.json()["id"], shown.json()["title"]) == (quiz["id"], "Cells")


def test_a_choice_item_lands_and_grades_right(api, items_url):
    choices = [{"id": "c1", "position": 1, "item_body": "<p>nucleus</p>"},
               {"id": "c2", "position": 2, "item_body": "<p>ribosome</p>"}]
    created = api.post(items_url, json=item("choice", {"choices": choices}, {"value": "c1"},
                                            "Equivalence", points=10))

    assert created.status_code == 200
    assert created.json()["points_possible"] == 10.0
    assert grade(created.json(), "nucleus") is True
    assert grade(created.json(), "ribosome") is False


def test_multi_answer_true_false_and_essay_items_land(api, items_url, canvas):
    choices = [{"id": "a", "position": 1, "item_body": "2"},
               {"id": "b", "position": 2, "item_body": "3"},
               {"id": "c", "position": 3, "item_body": "4"}]
    api.post(items_url, json=item("multi-answer", {"choices": choices},
                                  {"value": ["a", "b"]}, "AllOrNothing"))
    api.post(items_url, json=item("true-false", {"true_choice": "True",
                                                 "false_choice": "False"},
                                  {"value": False}, "Equivalence"))
    api.post(items_url, json=item("essay", {"rce": True}, {"value": ""}, "None"))

    multi, true_false, essay = api.get(items_url).json()

    assert (grade(multi, ["2", "3"]), grade(multi, ["2"])) == (True, False)
    assert (grade(true_false, False), grade(true_false, True)) == (True, False)
    assert grade(essay, "my essay") is None


def test_numeric_and_matching_items_land(api, items_url):
    api.post(items_url, json=item("numeric", {}, {"value": [
        {"id": "1", "type": "withinARange", "start": "190", "end": "210"}]}, "Numeric"))
    api.post(items_url, json=item(
        "matching",
        {"questions": [{"id": "q1", "item_body": "Sun"}], "answers": ["Star", "Planet"]},
        {"value": {"q1": "Star"}, "edit_data": {"distractors": ["Planet"]}}, "DeepEquals"))

    numeric, matching = api.get(items_url).json()

    assert (grade(numeric, 200), grade(numeric, 211)) == (True, False)
    assert (grade(matching, {"Sun": "Star"}), grade(matching, {"Sun": "Planet"})) == (True, False)


def test_quiz_points_are_the_sum_of_its_items(api, items_url, canvas, course_id):
    for points in (2, 3):
        api.post(items_url, json=item("essay", {}, {"value": ""}, "None", points=points))

    assignment_id = items_url.split("/")[-2]

    assert canvas.new_quizzes[int(assignment_id)]["points_possible"] == 5.0


def test_an_item_whose_answer_is_not_a_choice_id_is_refused(api, items_url, canvas):
    choices = [{"id": "c1", "position": 1, "item_body": "A"}]
    answer = api.post(items_url, json=item("choice", {"choices": choices}, {"value": "A"},
                                           "Equivalence"))

    assert answer.status_code == 400
    assert "scoring_data.value" in answer.json()["errors"][0]["message"]


def test_an_unknown_interaction_type_is_refused(api, items_url):
    answer = api.post(items_url, json=item("multiple_choice", {}, {"value": "x"}, "Equivalence"))

    assert answer.status_code == 400
    assert "interaction_type_slug" in answer.json()["errors"][0]["message"]


def test_items_sent_as_form_keys_land_too(api, items_url):
    answer = api.post(items_url, data={
        "item[entry_type]": "Item", "item[points_possible]": "25.0",
        "item[entry][item_body]": "<p>What is 3 ^ 6?</p>",
        "item[entry][interaction_type_slug]": "essay",
        "item[entry][interaction_data][word_limit_enabled]": "true",
        "item[entry][scoring_data][value]": "", "item[entry][scoring_algorithm]": "None"})

    assert answer.status_code == 200
    assert answer.json()["entry"]["interaction_data"] == {"word_limit_enabled": "true"}


def test_patching_an_item_changes_its_answer(api, items_url):
    choices = [{"id": "c1", "position": 1, "item_body": "A"},
               {"id": "c2", "position": 2, "item_body": "B"}]
    created = api.post(items_url, json=item("choice", {"choices": choices}, {"value": "c1"},
                                            "Equivalence")).json()

    patched = api.patch(f"{items_url}/{created['id']}",
                        json={"item": {"entry": {"scoring_data": {"value": "c2"}}}})

    assert patched.status_code == 200
    assert (grade(patched.json(), "B"), grade(patched.json(), "A")) == (True, False)
    assert api.get(f"{items_url}/{created['id']}").json() == patched.json()


def test_a_new_quiz_is_created_unpublished_and_published_through_its_assignment(
        api, course_id, canvas):
    """New Quizzes API "Create a new quiz" has no published field; the Assignments API's
    "Edit an assignment" takes ``assignment[published]`` (lib/api/v1/assignment.rb)."""
    quiz = api.post(f"/api/quiz/v1/courses/{course_id}/quizzes",
                    data={"quiz[title]": "Cells"}).json()
    assert quiz["published"] is False

    answer = api.put(f"/api/v1/courses/{course_id}/assignments/{quiz['id']}",
                     data={"assignment[published]": "true"})

    assert answer.status_code == 200
    assert (answer.json()["id"], answer.json()["published"]) == (int(quiz["id"]), True)
    assert canvas.new_quizzes[int(quiz["id"])]["published"] is True
    shown = api.get(f"/api/quiz/v1/courses/{course_id}/quizzes/{quiz['id']}").json()
    assert shown["published"] is True


def test_an_assignment_that_is_no_new_quiz_of_the_course_is_not_found(api, course_id):
    answer = api.put(f"/api/v1/courses/{course_id}/assignments/999999",
                     json={"assignment": {"published": True}})

    assert answer.status_code == 404
