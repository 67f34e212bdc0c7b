"""Login with a Google access token (GET /v1/userProfiles/me); never with a password."""

from __future__ import annotations

from .conftest import BEARER


def test_an_access_token_logs_in_as_the_classroom_user(client, teacher, google):
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": teacher})

    assert answer.status_code == 200
    user = answer.json["data"]["user"]
    assert user["name"] == "Ada Teacher"
    assert user["email"] == "ada@school.example.edu"
    assert user["id"] == google.user_id(teacher)
    assert [call.path for call in google.calls] == ["/v1/userProfiles/me"]


def test_a_token_google_refuses_is_401(client, google):
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": "ya29.nope"})

    assert answer.status_code == 401


def test_an_email_and_password_is_a_422_saying_google_needs_oauth(client, google):
    answer = client.post("/api/login-lms", headers=BEARER,
                         json={"email": "ada@school.example.edu", "password": "pw"})

    assert answer.status_code == 422
    assert "Google needs OAuth2 or an access token" in answer.json["detail"]
    assert google.calls == []


def test_a_token_without_the_email_scope_logs_in_with_no_email(client, google):
    token = google.add_user("Bo", scopes=frozenset({
        "https://www.googleapis.com/auth/classroom.rosters.readonly"}))

    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": token})

    assert answer.status_code == 200
    assert answer.json["data"]["user"]["email"] is None
