"""Where a push goes: the teacher's course, or a new one in LMS_CANVAS_ACCOUNT_ID."""

from __future__ import annotations

from host_app import create_app

from .conftest import BEARER, push


def test_a_push_with_lms_course_id_goes_into_that_course(client, canvas, teacher, lms_token):
    course_id = canvas.add_course("Biology", teacher=teacher)

    answer = push(client, lms_token, lms_course_id=str(course_id))

    assert answer.status_code == 200
    assert answer.json["data"]["lms_course_id"] == str(course_id)
    assert len(canvas.courses) == 1
    assert {quiz["course_id"] for quiz in canvas.quizzes.values()} == {course_id}


def test_without_lms_course_id_a_course_is_created_in_the_account_with_the_teacher(
        client, canvas, teacher, lms_token):
    answer = push(client, lms_token)

    (course,) = canvas.courses.values()
    assert answer.json["data"]["lms_course_id"] == str(course["id"])
    assert (course["name"], course["account_id"]) == ("Biology 101", canvas.account_id)
    assert course["teachers"] == {canvas.user_id(teacher)}
    (created,) = canvas.calls_to("POST", f"/api/v1/accounts/{canvas.account_id}/courses")
    assert created.params["enroll_me"] in (True, "true")


def test_a_published_push_offers_the_new_course(client, canvas, lms_token):
    push(client, lms_token, publish=True)

    (course,) = canvas.courses.values()
    assert course["workflow_state"] == "available"


def test_no_account_and_no_lms_course_id_is_a_422_naming_the_key_before_anything_is_sent(
        canvas, canvas_config, teacher):
    client = create_app({**canvas_config, "LMS_CANVAS_ACCOUNT_ID": None}).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]
    sent_before = len(canvas.calls)

    answer = push(client, token, lms_course_id=None)

    assert answer.status_code == 422
    assert "LMS_CANVAS_ACCOUNT_ID" in answer.json["detail"]
    assert len(canvas.calls) == sent_before


def test_an_unknown_lms_course_is_a_404(client, lms_token):
    answer = push(client, lms_token, lms_course_id="987654")

    assert answer.status_code == 404
    assert answer.json["detail"].startswith("LMS course not found")
