"""POST /api/courses/<course_id>/push-to-lms: every row of docs/routes.md's table, in order."""

from __future__ import annotations

import copy

import pytest
import sample_content
from conftest import ALL_ASSETS, BEARER, OTHER_HOST_TOKEN, TEACHER_EMAIL, push


def test_no_or_invalid_bearer_is_401_first(client, lms):
    response = client.post("/api/courses/bio-101/push-to-lms", data="junk",
                           headers={"Authorization": "Bearer nobody"})

    assert response.status_code == 401
    assert lms.calls == []


@pytest.mark.parametrize(("body", "field"), [
    ({"asset_names": []}, "asset_names"),
    ({"asset_names": ["quiz", "quiz"]}, "asset_names"),
    ({"asset_names": "quiz"}, "asset_names"),
    ({"asset_names": ["quiz"], "publish": "maybe"}, "publish"),
    ({"asset_names": ["quiz"], "export_format": "pdf"}, "export_format"),
    ({"asset_names": ["quiz"], "lms_course_id": ".."}, "lms_course_id"),
    ({"asset_names": ["quiz"], "publsh": False}, "publsh"),
    ({}, "asset_names"),
])
def test_invalid_body_is_422_before_the_lms_token_is_looked_at(client, lms, body, field):
    response = client.post("/api/courses/bio-101/push-to-lms", json=body, headers=BEARER)

    assert response.status_code == 422
    assert field in response.json["errors"]
    assert lms.calls == []


def test_unknown_format_names_the_known_ones(client):
    response = push(client, None, export_format="pdf")

    assert response.status_code == 422
    assert "lms_standard" in response.json["detail"]


def test_missing_lms_token_is_401(client, lms):
    response = push(client, None)

    assert response.status_code == 401
    assert "X-LMS-Token" in response.json["detail"]


def test_mock_token_is_400(client, lms):
    response = push(client, "mock_lms_token_for_testing_teacher-")

    assert response.status_code == 400
    assert response.json == {"detail": "Invalid or expired LMS token"}
    assert lms.calls == []


def test_token_the_lms_calls_invalid_is_401(client, lms):
    response = push(client, "a-token-the-lms-never-issued")

    assert response.status_code == 401
    assert response.json["detail"] == "LMS token expired or invalid"
    assert len(lms.calls_to("GET", "/auth/validate")) == 1
    assert lms.courses == {}


def test_token_bound_to_another_user_is_401_without_asking_the_lms(client, lms, lms_token):
    response = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": ALL_ASSETS},
                           headers={"Authorization": f"Bearer {OTHER_HOST_TOKEN}",
                                    "X-LMS-Token": lms_token})

    assert response.status_code == 401
    assert response.json["detail"] == "LMS token expired or invalid"
    assert lms.calls_to("GET", "/auth/validate") == []


def test_token_not_from_login_is_validated_once_then_trusted(client, lms):
    token = lms.issue_token(TEACHER_EMAIL)

    first, second = push(client, token), push(client, token)

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(lms.calls_to("GET", "/auth/validate")) == 1


def test_unknown_course_is_404(client, lms, lms_token):
    response = push(client, lms_token, course_id="no-such-course")

    assert response.status_code == 404
    assert response.json["detail"] == "Course not found"


def test_missing_assets_are_all_named_and_nothing_is_pushed(client, lms, lms_token):
    response = push(client, lms_token, asset_names=["lesson-notes", "ghost", "phantom"])

    assert response.status_code == 404
    assert "ghost" in response.json["detail"] and "phantom" in response.json["detail"]
    assert "lesson-notes" not in response.json["detail"]
    assert lms.calls_to("POST", "/courses") == []


def test_asset_of_a_type_not_asked_for_is_422(client, lms, lms_token):
    response = push(client, lms_token, asset_type=["quiz", "question-paper"])

    assert response.status_code == 422
    assert response.json["detail"].startswith("Invalid asset data: lesson-notes: asset_type")
    assert lms.courses == {}


def test_content_failing_validation_is_422_and_nothing_is_pushed(client, lms, lms_token,
                                                                monkeypatch):
    broken = dict(sample_content.COURSES["bio-101"]["assets"]["term-paper"],
                  asset_content='{"title": "unterminated')
    monkeypatch.setitem(sample_content.COURSES["bio-101"]["assets"], "term-paper", broken)

    response = push(client, lms_token)

    assert response.status_code == 422
    assert response.json["detail"].startswith("Invalid asset data: term-paper")
    assert lms.courses == {}


def test_success_creates_a_course_with_the_lms_content_ids(client, lms, lms_token):
    response = push(client, lms_token)

    assert response.status_code == 200
    (course_id, course), = lms.courses.items()
    assert response.json == {"success": True, "message": "Successfully exported to LMS", "data": {
        "lms_course_id": course_id,
        "lms_content_ids": course["content_ids"],
        "exported_assets": [{"asset_name": name, "lms_content_id": content_id,
                             "status": "success"}
                            for name, content_id in zip(ALL_ASSETS, course["content_ids"],
                                                        strict=True)],
        "warnings": [],
    }}
    assert course["course_name"] == "Biology 101"
    assert [asset["name"] for asset in course["assets"]] == ALL_ASSETS
    assert lms.calls_to("GET", "/auth/validate") == []  # login recorded the token


@pytest.mark.parametrize("publish", [True, False])
def test_publish_is_passed_through(client, lms, lms_token, publish):
    push(client, lms_token, publish=publish)

    (course,) = lms.courses.values()
    assert course["publish"] is publish


def test_lms_course_id_updates_that_course(client, lms, lms_token):
    created = push(client, lms_token, asset_names=["lesson-notes"]).json["data"]
    response = push(client, lms_token, asset_names=["photosynthesis-quiz"],
                    lms_course_id=created["lms_course_id"])

    assert response.status_code == 200
    assert response.json["data"]["lms_course_id"] == created["lms_course_id"]
    assert len(lms.courses) == 1
    assert len(lms.calls_to("PUT", f"/courses/{created['lms_course_id']}/content")) == 1


def test_content_ids_the_lms_did_not_return_are_null_never_invented(client, lms, lms_token,
                                                                    fake_lms):
    fake_lms.fail_next(201, body='{"course_id": "c-77", "content_ids": ["x1"]}',
                       headers={"Content-Type": "application/json"})

    response = push(client, lms_token)

    assert response.status_code == 200
    assert response.json["data"]["lms_content_ids"] == ["x1", None, None]
    assert [a["lms_content_id"] for a in response.json["data"]["exported_assets"]] == \
        ["x1", None, None]


def test_lms_401_on_push_evicts_the_token(client, lms, lms_token):
    lms.fail_next(401, path="/courses")

    response = push(client, lms_token)
    push(client, lms_token)

    assert response.status_code == 401
    assert response.json["detail"] == "LMS token expired or invalid"
    assert len(lms.calls_to("GET", "/auth/validate")) == 1  # the next push asked again


@pytest.mark.parametrize(("status", "expected", "detail"), [
    (403, 403, "Insufficient permissions for LMS operation"),
    (500, 502, "LMS export failed: 500"),
    (502, 502, "LMS export failed: 502"),
    (503, 502, "LMS export failed: 503"),
    (400, 502, "LMS export failed: 400"),
])
def test_lms_errors_on_push_map_to_the_documented_errors(client, lms, lms_token, status, expected,
                                                detail):
    lms.fail_next(status, path="/courses", times=10)

    response = push(client, lms_token)

    assert response.status_code == expected
    assert response.json["detail"].startswith(detail)


def test_unknown_lms_course_is_404(client, lms, lms_token):
    response = push(client, lms_token, lms_course_id="c-404")

    assert response.status_code == 404
    assert response.json["detail"] == "LMS course not found"


def test_429_after_retries_passes_retry_after_on(client, lms, lms_token):
    lms.fail_next(429, headers={"Retry-After": "0"}, path="/courses", times=10)

    response = push(client, lms_token)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "0"
    assert len(lms.calls_to("POST", "/courses")) == 4  # first try + LMS_RETRY_ATTEMPTS


@pytest.mark.parametrize(("fault", "status", "detail"), [
    ("refuse", 503, "Connection error - Could not connect to LMS server"),
    ("timeout", 504, "Request timeout - LMS server took too long to respond"),
])
def test_unreachable_or_slow_lms(client, lms, lms_token, fault, status, detail):
    getattr(lms, f"{fault}_next")(path="/courses", times=10)

    response = push(client, lms_token)

    assert response.status_code == status
    assert response.json["detail"] == detail


def test_unreadable_answer_is_502(client, lms, lms_token):
    lms.fail_next(200, body="<html>ok</html>", headers={"Content-Type": "text/html"},
                  path="/courses")

    response = push(client, lms_token)

    assert response.status_code == 502
    assert response.json["detail"].startswith("LMS export failed:")
    assert "<html>" not in response.json["detail"]


def test_a_422_detail_names_the_nested_field(client):
    response = client.post("/api/courses/bio-101/push-to-lms", headers=BEARER,
                           json={"asset_names": ["quiz", ""]})

    assert response.status_code == 422
    assert response.json["detail"].startswith("Invalid request body: asset_names.1: ")


@pytest.mark.parametrize("export_format", ["lms_standard", "moodle", "canvas"])
def test_a_push_never_changes_what_the_loaders_returned(client, lms, lms_token, export_format):
    before = copy.deepcopy(sample_content.COURSES)

    response = push(client, lms_token, export_format=export_format)

    assert response.status_code == 200
    assert before == sample_content.COURSES


def test_a_module_the_generic_api_cannot_hold_is_a_warning(client, lms, lms_token):
    response = push(client, lms_token, module="Week 1")

    assert response.status_code == 200
    assert response.json["data"]["warnings"] == [
        "the generic LMS API has no modules: 'module' (Week 1) was not sent"]
    (course,) = lms.courses.values()
    assert "module" not in course


def test_an_assignment_group_the_generic_api_cannot_hold_is_a_warning(client, lms, lms_token):
    response = push(client, lms_token, assignment_group="Quizzes")

    assert response.status_code == 200
    assert response.json["data"]["warnings"] == [
        "the generic LMS API has no assignment groups: 'assignment_group' (Quizzes) was not "
        "sent"]


def test_an_assignment_group_name_longer_than_an_lms_holds_is_a_422(client, lms, lms_token):
    response = push(client, lms_token, assignment_group="g" * 256)

    assert response.status_code == 422
    assert "assignment_group" in str(response.json)


def test_a_module_name_longer_than_an_lms_holds_is_a_422(client, lms, lms_token):
    response = push(client, lms_token, module="m" * 256)

    assert response.status_code == 422
    assert "module" in response.json["errors"]
    assert lms.courses == {}
