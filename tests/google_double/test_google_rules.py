"""The Google double refuses what Google's documents say Google refuses."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture
def teacher(fake_google) -> str:
    return fake_google.add_user("Ada Teacher")


def call(google, token, method, path, body=None, **params):
    return requests.request(method, google.base_url + path, json=body, params=params,
                            headers={"Authorization": f"Bearer {token}"}, timeout=5)


def new_quiz(google, token) -> str:
    form = call(google, token, "POST", "/v1/forms", {"info": {"title": "Quiz"}}).json()
    call(google, token, "POST", f"/v1/forms/{form['formId']}:batchUpdate", {"requests": [
        {"updateSettings": {"settings": {"quizSettings": {"isQuiz": True}},
                            "updateMask": "quizSettings.isQuiz"}}]})
    return form["formId"]


def choice_item(options, answers=(), **grading):
    return {"createItem": {"location": {"index": 0}, "item": {"title": "Q", "questionItem": {
        "question": {"grading": {"pointValue": 1, "correctAnswers": {
            "answers": [{"value": a} for a in answers]}, **grading},
            "choiceQuestion": {"type": "RADIO", "options": [{"value": o} for o in options]}}}}}}


def test_an_unknown_token_is_401_with_googles_challenge(fake_google):
    answer = call(fake_google, "nope", "GET", "/v1/userProfiles/me")

    assert answer.status_code == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"
    assert "WWW-Authenticate" in answer.headers


def test_a_token_without_the_methods_scope_is_403(fake_google):
    token = fake_google.add_user(scopes=frozenset(
        {"https://www.googleapis.com/auth/drive.file"}))

    answer = call(fake_google, token, "POST", "/v1/courses", {"name": "B", "ownerId": "me"})

    assert answer.status_code == 403
    assert answer.json()["error"]["errors"][0]["reason"] == "insufficientPermissions"


def test_a_value_of_the_wrong_type_is_400_naming_the_field(fake_google, teacher):
    answer = call(fake_google, teacher, "POST", "/v1/courses", {"name": 5, "ownerId": "me"})

    assert answer.status_code == 400
    assert "'name' (TYPE_STRING)" in answer.json()["error"]["message"]


def test_an_enum_name_google_does_not_know_is_400(fake_google, teacher):
    answer = call(fake_google, teacher, "POST", "/v1/courses",
                  {"name": "B", "ownerId": "me", "courseState": "OPEN"})

    assert answer.status_code == 400


def test_a_consumer_account_cannot_make_an_active_course(fake_google):
    # manage-courses guide: consumer accounts get 403 PERMISSION_DENIED for ACTIVE courses
    token = fake_google.add_user("Sam", consumer=True)

    active = call(fake_google, token, "POST", "/v1/courses",
                  {"name": "B", "ownerId": "me", "courseState": "ACTIVE"})
    provisioned = call(fake_google, token, "POST", "/v1/courses", {"name": "B", "ownerId": "me"})

    assert active.status_code == 403
    assert provisioned.json()["courseState"] == "PROVISIONED"


def test_a_course_name_over_750_characters_is_400(fake_google, teacher):
    answer = call(fake_google, teacher, "POST", "/v1/courses",
                  {"name": "x" * 751, "ownerId": "me"})

    assert answer.status_code == 400


def test_course_work_holds_at_most_20_materials(fake_google, teacher):
    course = fake_google.add_course("Bio", teacher=teacher)
    links = [{"link": {"url": f"https://example.edu/{n}"}} for n in range(21)]

    answer = call(fake_google, teacher, "POST", f"/v1/courses/{course}/courseWork",
                  {"title": "W", "workType": "ASSIGNMENT", "materials": links})

    assert answer.status_code == 400


def test_a_form_material_cannot_be_set_by_a_create(fake_google, teacher):
    course = fake_google.add_course("Bio", teacher=teacher)

    answer = call(fake_google, teacher, "POST", f"/v1/courses/{course}/courseWork",
                  {"title": "W", "workType": "ASSIGNMENT",
                   "materials": [{"form": {"formUrl": "https://docs.google.com/forms/x"}}]})

    assert answer.status_code == 400


@pytest.mark.parametrize("points", [1.5, -1])
def test_max_points_is_a_whole_number_zero_or_more(fake_google, teacher, points):
    course = fake_google.add_course("Bio", teacher=teacher)

    answer = call(fake_google, teacher, "POST", f"/v1/courses/{course}/courseWork",
                  {"title": "W", "workType": "ASSIGNMENT", "maxPoints": points})

    assert answer.status_code == 400


def test_a_form_create_takes_only_its_title(fake_google, teacher):
    answer = call(fake_google, teacher, "POST", "/v1/forms",
                  {"info": {"title": "Q", "description": "no"}})

    assert answer.status_code == 400


@pytest.mark.parametrize(("options", "why"), [(["A", "A"], "unique"), (["A", " "], "empty")])
def test_choice_options_are_unique_and_not_empty(fake_google, teacher, options, why):
    form_id = new_quiz(fake_google, teacher)

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form_id}:batchUpdate",
                  {"requests": [choice_item(options, ["A"])]})

    assert answer.status_code == 400, why


def test_a_fractional_point_value_is_400(fake_google, teacher):
    form_id = new_quiz(fake_google, teacher)
    item = choice_item(["A", "B"], ["A"])
    item["createItem"]["item"]["questionItem"]["question"]["grading"]["pointValue"] = 1.5

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form_id}:batchUpdate",
                  {"requests": [item]})

    assert answer.status_code == 400


def test_general_feedback_is_refused_on_an_auto_graded_choice_question(fake_google, teacher):
    form_id = new_quiz(fake_google, teacher)

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form_id}:batchUpdate",
                  {"requests": [choice_item(["A", "B"], ["A"],
                                            generalFeedback={"text": "Note"})]})

    assert answer.status_code == 400


def test_when_right_is_refused_on_a_text_question(fake_google, teacher):
    form_id = new_quiz(fake_google, teacher)
    item = {"createItem": {"location": {"index": 0}, "item": {"title": "T", "questionItem": {
        "question": {"textQuestion": {}, "grading": {
            "pointValue": 1, "correctAnswers": {"answers": [{"value": "x"}]},
            "whenRight": {"text": "Yes"}}}}}}}

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form_id}:batchUpdate",
                  {"requests": [item]})

    assert answer.status_code == 400


def test_grading_on_a_form_that_is_not_a_quiz_is_400(fake_google, teacher):
    form = call(fake_google, teacher, "POST", "/v1/forms", {"info": {"title": "Q"}}).json()

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form['formId']}:batchUpdate",
                  {"requests": [choice_item(["A", "B"], ["A"])]})

    assert answer.status_code == 400


def test_a_batch_update_is_all_or_nothing(fake_google, teacher):
    form_id = new_quiz(fake_google, teacher)

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form_id}:batchUpdate",
                  {"requests": [choice_item(["A", "B"], ["A"]), choice_item(["A", "A"])]})

    assert answer.status_code == 400
    assert "items" not in fake_google.forms[form_id]


def test_an_unpublished_form_cannot_accept_responses(fake_google, teacher):
    form = call(fake_google, teacher, "POST", "/v1/forms", {"info": {"title": "Q"}}).json()

    answer = call(fake_google, teacher, "POST", f"/v1/forms/{form['formId']}:setPublishSettings",
                  {"publishSettings": {"publishState": {"isPublished": False,
                                                        "isAcceptingResponses": True}}})

    assert answer.status_code == 400


def test_deleting_a_forms_drive_file_deletes_the_form(fake_google, teacher):
    form = call(fake_google, teacher, "POST", "/v1/forms", {"info": {"title": "Q"}}).json()

    deleted = call(fake_google, teacher, "DELETE", f"/drive/v3/files/{form['formId']}")

    assert deleted.status_code == 204
    assert call(fake_google, teacher, "GET", f"/v1/forms/{form['formId']}").status_code == 404


def test_an_unknown_drive_query_is_400(fake_google, teacher):
    answer = call(fake_google, teacher, "GET", "/drive/v3/files", q="fullText contains 'x'")

    assert answer.status_code == 400


def test_a_quota_refusal_reads_as_google_sends_it(fake_google, teacher):
    fake_google.rate_limit_next(status=403)

    answer = call(fake_google, teacher, "GET", "/v1/userProfiles/me")

    assert answer.status_code == 403
    assert answer.json()["error"]["errors"][0]["reason"] == "userRateLimitExceeded"


def test_the_google_doubles_import_from_the_google_testing_package():
    from lms_export_blueprint.testing.google import FakeGoogle, LiveGoogle
    from lms_export_blueprint.testing.google.fake import FakeGoogle as fake_module_class
    from lms_export_blueprint.testing.google.live import LiveGoogle as live_module_class

    assert FakeGoogle is fake_module_class
    assert LiveGoogle is live_module_class


def test_a_course_alias_makes_a_retried_create_already_exists(fake_google, teacher):
    body = {"id": "p:push-1", "name": "B", "ownerId": "me"}

    first = call(fake_google, teacher, "POST", "/v1/courses", body)
    again = call(fake_google, teacher, "POST", "/v1/courses", body)
    by_alias = call(fake_google, teacher, "GET", "/v1/courses/p:push-1")

    assert again.status_code == 409
    assert again.json()["error"]["status"] == "ALREADY_EXISTS"
    assert by_alias.json()["id"] == first.json()["id"] != "p:push-1"
