"""Tokens: who am I, bad tokens (401 with WWW-Authenticate) and not-permitted (401 without)."""

from __future__ import annotations

import requests


def test_users_self_names_the_token_owner(api):
    answer = api.get("/api/v1/users/self")

    assert answer.status_code == 200
    assert answer.json()["name"] == "Ada Teacher"
    assert "primary_email" not in answer.json()  # lib/api/v1/user.rb#user_json
    assert answer.json()["login_id"] == "ada@example.edu"  # an account admin sees it


def test_the_profile_gives_the_users_own_primary_email(api):
    """lib/api/v1/user_profile.rb#user_profile_json: primary_email for the user themself."""
    answer = api.get("/api/v1/users/self/profile")

    assert answer.status_code == 200
    assert answer.json()["primary_email"] == "ada@example.edu"


def test_an_unknown_token_is_401_with_the_canvas_realm(canvas):
    answer = requests.get(canvas.base_url + "/api/v1/users/self",
                          headers={"Authorization": "Bearer nope"})

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="canvas-lms"'
    assert answer.json()["errors"][0]["message"] == "Invalid access token."


def test_a_missing_token_is_401_with_the_canvas_realm(canvas):
    answer = requests.get(canvas.base_url + "/api/v1/users/self")

    assert answer.status_code == 401
    assert "WWW-Authenticate" in answer.headers


def test_an_expired_token_is_401_with_the_canvas_realm(canvas):
    token = canvas.add_user("Short", ttl=3600)
    canvas.clock.advance(3601)

    answer = requests.get(canvas.base_url + "/api/v1/users/self",
                          headers={"Authorization": f"Bearer {token}"})

    assert answer.status_code == 401
    assert "WWW-Authenticate" in answer.headers


def test_the_access_token_query_parameter_is_accepted(canvas, teacher):
    answer = requests.get(canvas.base_url + "/api/v1/users/self",
                          params={"access_token": teacher})

    assert answer.status_code == 200


def test_a_course_of_someone_else_is_401_without_www_authenticate(canvas, course_id):
    stranger = canvas.add_user("Stranger")

    answer = requests.get(f"{canvas.base_url}/api/v1/courses/{course_id}",
                          headers={"Authorization": f"Bearer {stranger}"})

    assert answer.status_code == 401
    assert "WWW-Authenticate" not in answer.headers
    assert answer.json()["errors"][0]["message"] == "user not authorized to perform that action"
