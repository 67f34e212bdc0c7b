"""POST /api/login-lms: every row of the table in docs/routes.md."""

from __future__ import annotations

import pytest
import responses
from conftest import BEARER, HOST_TOKEN, TEACHER_EMAIL, TEACHER_PASSWORD
from host_app import create_app

CREDENTIALS = {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}


def login(client, body=CREDENTIALS, headers=BEARER):
    return client.post("/api/login-lms", json=body, headers=headers)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nobody"},
                                     {"Authorization": HOST_TOKEN},
                                     {"Authorization": "Basic abc"}])
def test_no_or_invalid_bearer_is_401_before_the_body_is_read(client, lms, headers):
    response = client.post("/api/login-lms", data="not json", headers=headers)

    assert response.status_code == 401
    assert response.json["detail"]
    assert lms.calls == []


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "not-an-email", "password": "x"}, "email"),
    ({"email": TEACHER_EMAIL, "password": ""}, "password"),
    ({"email": TEACHER_EMAIL}, "password"),
    ({"password": "x"}, "email"),
])
def test_invalid_body_is_422_naming_the_field(client, lms, body, field):
    response = login(client, body)

    assert response.status_code == 422
    assert field in response.json["errors"]
    assert field in response.json["detail"]
    assert lms.calls == []


def test_body_that_is_not_json_is_422(client):
    response = client.post("/api/login-lms", data="email=a", headers=BEARER)

    assert response.status_code == 422
    assert "JSON" in response.json["detail"]


def test_malformed_json_is_422(client):
    response = client.post("/api/login-lms", data="{bad", headers=BEARER,
                           content_type="application/json")

    assert response.status_code == 422


def test_mock_mode_answers_the_documented_body_without_calling_anything():
    app = create_app({"TESTING": True})
    with responses.RequestsMock() as no_network:
        response = login(app.test_client())

    assert response.status_code == 200
    assert response.json == {
        "message": "Successfully logged into LMS (MOCK MODE - No LMS_BASE_URL configured)",
        "data": {"token": "mock_lms_token_for_testing_" + "teacher-1"[:8],
                 "user": {"id": "mock_user_id", "email": TEACHER_EMAIL, "name": "Mock User"}},
    }
    assert len(no_network.calls) == 0


def test_lms_accepts_gives_its_token_and_user(client, lms):
    response = login(client)

    assert response.status_code == 200
    assert response.json["message"] == "Successfully logged into LMS"
    user = response.json["data"]["user"]
    assert user == {"id": lms.users[TEACHER_EMAIL]["id"], "email": TEACHER_EMAIL,
                    "name": lms.users[TEACHER_EMAIL]["name"]}
    assert lms.calls_to("GET", "/api/v1/auth/validate") == []
    assert response.json["data"]["token"].count(".") == 2


def test_lms_rejects_credentials_is_401(client, lms):
    response = login(client, {"email": TEACHER_EMAIL, "password": "wrong"})

    assert response.status_code == 401
    assert "wrong" not in response.text


@pytest.mark.parametrize(("fault", "status", "detail"), [
    ("refuse", 503, "Connection error - Could not connect to LMS server"),
    ("timeout", 504, "Request timeout - LMS server took too long to respond"),
    ("500", 502, "LMS login failed: 500"),
    ("502", 502, "LMS login failed: 502"),
])
def test_lms_failures_map_to_the_documented_statuses(client, lms, fault, status, detail):
    if fault == "refuse":
        lms.refuse_next(times=10)
    elif fault == "timeout":
        lms.timeout_next(times=10)
    else:
        lms.fail_next(int(fault), times=10)

    response = login(client)

    assert response.status_code == status
    assert response.json["detail"].startswith(detail)
    assert TEACHER_PASSWORD not in response.text


def test_sign_in_is_retried_on_503_only_within_the_attempts(client, lms, app):
    lms.fail_next(503, times=2)

    response = login(client)

    assert response.status_code == 200
    assert len(lms.calls_to("POST", "/auth/signin")) == 3
