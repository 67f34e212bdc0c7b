"""A create the LMS did but did not answer lands once; a partial failure is never a success."""

from __future__ import annotations

import pytest
from conftest import ALL_ASSETS, BEARER, TEACHER_EMAIL
from test_faults import ATTEMPTS, FAST, HOLD

pytestmark = pytest.mark.live_lms


@pytest.fixture
def app_config():
    return FAST


@pytest.fixture
def lms_token(lms) -> str:
    """Validated once, before the test: its calls are the push's alone."""
    return lms.issue_token(TEACHER_EMAIL)


def push(client, lms_token, headers=None, **body):
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post("/api/courses/bio-101/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": lms_token, **(headers or {})})


def _after_processing(kind: str):
    return {
        "503": lambda lms, times: lms.fail_next(503, after_processing=True, times=times,
                                                path="/courses"),
        "dropped": lambda lms, times: lms.refuse_next(after_processing=True, times=times,
                                                      path="/courses"),
        "timeout": lambda lms, times: lms.timeout_next(after_processing=True, times=times,
                                                       path="/courses", seconds=HOLD),
    }[kind]


@pytest.mark.parametrize("kind", ["503", "dropped", "timeout"])
def test_a_create_carried_out_but_not_answered_lands_exactly_once(client, lms, lms_token, kind):
    _after_processing(kind)(lms, 1)

    response = push(client, lms_token)

    assert response.status_code == 200, response.json
    assert len(lms.courses) == 1
    assert response.json["data"]["lms_course_id"] in lms.courses
    keys = {call.headers.get("Idempotency-Key") for call in lms.calls_to("POST", "/courses")}
    assert len(lms.calls_to("POST", "/courses")) == 2
    assert len(keys) == 1 and None not in keys  # one key carried across the retry


@pytest.mark.parametrize(("kind", "status"), [("503", 502), ("dropped", 503), ("timeout", 504)])
def test_a_client_retry_with_the_same_idempotency_key_finishes_the_same_course(
        client, lms, lms_token, kind, status):
    _after_processing(kind)(lms, ATTEMPTS)
    key = {"Idempotency-Key": "push-bio-101-attempt"}

    failed = push(client, lms_token, headers=key)
    retried = push(client, lms_token, headers=key)

    assert failed.status_code == status  # partial failure: the course exists, but no success
    assert "success" not in failed.json
    assert retried.status_code == 200
    assert list(lms.courses) == [retried.json["data"]["lms_course_id"]]


def test_without_a_client_key_every_push_is_a_new_course(client, lms, lms_token):
    push(client, lms_token)
    push(client, lms_token)

    keys = {call.headers["Idempotency-Key"] for call in lms.calls_to("POST", "/courses")}
    assert len(lms.courses) == 2 and len(keys) == 2


def test_two_users_with_the_same_client_key_get_two_courses(client, lms, lms_token):
    key = {"Idempotency-Key": "same"}
    lms.add_user("other@example.edu", "pw-other")
    other = lms.issue_token("other@example.edu")

    push(client, lms_token, headers=key)
    push(client, other, headers={**key, "Authorization": "Bearer demo-student-token"})

    assert len(lms.courses) == 2
    assert {course["owner"] for course in lms.courses.values()} == {TEACHER_EMAIL,
                                                                    "other@example.edu"}


@pytest.mark.parametrize("kind", ["503", "dropped"])
def test_an_update_carried_out_but_not_answered_is_applied_once(client, lms, lms_token, kind):
    created = push(client, lms_token, asset_names=["lesson-notes"]).json["data"]
    lms.fail_next(503, after_processing=True, path="/content") if kind == "503" else \
        lms.refuse_next(after_processing=True, path="/content")

    response = push(client, lms_token, asset_names=["term-paper"],
                    lms_course_id=created["lms_course_id"])

    assert response.status_code == 200, response.json
    names = [asset["name"] for asset in lms.courses[created["lms_course_id"]]["assets"]]
    assert names == ["lesson-notes", "term-paper"]
