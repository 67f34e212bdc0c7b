"""The course a push goes into: a new one owned by the teacher, or one Google knows."""

from __future__ import annotations

from .conftest import BEARER, QUIZ, push


def test_a_new_course_is_named_after_the_host_course_owned_by_the_teacher_and_active(
        client, google, lms_token, teacher):
    answer = push(client, lms_token, asset_names=[QUIZ])

    course = google.courses[answer.json["data"]["lms_course_id"]]["course"]
    assert course["name"] == "Biology 101"
    assert course["ownerId"] == google.user_id(teacher)
    assert course["courseState"] == "ACTIVE"
    assert answer.json["data"]["warnings"][-1:] != ["PROVISIONED"]


def test_a_personal_account_gets_a_provisioned_course_and_a_warning(client, google):
    token = google.add_user("Sam Home", consumer=True)
    login = client.post("/api/login-lms", headers=BEARER, json={"access_token": token})

    answer = push(client, login.json["data"]["token"], asset_names=[QUIZ])

    assert answer.status_code == 200, answer.json
    course = google.courses[answer.json["data"]["lms_course_id"]]["course"]
    assert course["courseState"] == "PROVISIONED"
    assert any("PROVISIONED, not ACTIVE" in w for w in answer.json["data"]["warnings"])


def test_an_existing_course_is_used(client, google, lms_token, teacher):
    course_id = google.add_course("Chemistry", teacher=teacher)

    answer = push(client, lms_token, asset_names=[QUIZ], lms_course_id=course_id)

    assert answer.json["data"]["lms_course_id"] == course_id
    assert len(google.courses) == 1


def test_a_course_google_does_not_know_is_404_before_anything_is_made(client, google,
                                                                      lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ], lms_course_id="999")

    assert answer.status_code == 404
    assert answer.json["detail"].startswith("LMS course not found")
    assert [call.method for call in google.calls] == ["GET"]


def test_a_course_name_over_750_characters_is_a_422(client, google, lms_token, monkeypatch):
    from host_app import COURSES

    monkeypatch.setitem(COURSES["bio-101"], "name", "B" * 751)

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 422
    assert google.calls == []


def test_a_topic_name_over_100_characters_is_a_422(client, google, lms_token):
    answer = push(client, lms_token, asset_names=[QUIZ], module="W" * 101)

    assert answer.status_code == 422
    assert google.calls == []
