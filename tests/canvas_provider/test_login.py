"""Login with a Canvas access token (docs/canvas.md), checked with GET /api/v1/users/self."""

from __future__ import annotations

from host_app import create_app

from .conftest import BEARER, push, state_of


def test_an_access_token_logs_in_with_the_documented_answer(client, canvas, teacher):
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": teacher})

    assert answer.status_code == 200
    assert answer.json == {"message": "Successfully logged into LMS", "data": {
        "token": teacher,
        "user": {"id": str(canvas.user_id(teacher)), "email": "ada@example.edu",
                 "name": "Ada Teacher"}}}
    assert [c.path for c in canvas.calls] == ["/api/v1/users/self",
                                              "/api/v1/users/self/profile"]


def test_the_email_is_the_profiles_primary_email_even_for_a_teacher_who_is_no_admin(
        client, canvas):
    """issue 17 item 5: users/self has no primary_email and login_id only for admins
    (lib/api/v1/user.rb#user_json); the profile has it (lib/api/v1/user_profile.rb)."""
    token = canvas.add_user("Bo Teacher", email="bo@example.edu")

    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": token})

    assert answer.json["data"]["user"]["email"] == "bo@example.edu"


def test_the_token_is_recorded_as_validated_for_the_host_user(app, client, canvas, lms_token):
    assert state_of(app).tokens.bound_user(lms_token) == "teacher-1"

    push(client, lms_token, asset_names=["lesson-notes"])

    assert [c.path for c in canvas.calls if "/users/" in c.path] == [
        "/api/v1/users/self", "/api/v1/users/self/profile"]  # the login's only


def test_a_token_canvas_refuses_is_a_401(client, canvas):
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": "not-a-token"})

    assert answer.status_code == 401


def test_email_and_password_with_canvas_is_a_422_saying_canvas_needs_an_access_token(
        client, canvas):
    answer = client.post("/api/login-lms", headers=BEARER,
                         json={"email": "ada@example.edu", "password": "secret-pw"})

    assert answer.status_code == 422
    assert "Canvas needs an access token or OAuth2" in answer.json["detail"]
    assert canvas.calls == []


def test_an_access_token_with_the_generic_lms_is_a_422(canvas, teacher):
    client = create_app({"LMS_BASE_URL": canvas.base_url, "TESTING": True}).test_client()

    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": teacher})

    assert answer.status_code == 422
    assert "email and password" in answer.json["detail"]


def test_a_body_with_both_kinds_of_credentials_is_a_422(client):
    answer = client.post("/api/login-lms", headers=BEARER, json={
        "access_token": "abc", "email": "ada@example.edu", "password": "pw"})

    assert answer.status_code == 422
    assert answer.json["errors"] == {"access_token": [
        "send either access_token or email and password, not both"]}


def test_the_openapi_document_shows_the_login_body_of_the_apps_provider(client, canvas):
    generic = create_app({"LMS_BASE_URL": canvas.base_url}).test_client()

    canvas_body = client.get("/api/docs/openapi.json").json["components"]["schemas"][
        "LoginRequest"]
    generic_body = generic.get("/api/docs/openapi.json").json["components"]["schemas"][
        "LoginRequest"]

    assert (canvas_body["required"], sorted(canvas_body["properties"])) == (
        ["access_token"], ["access_token"])
    assert (generic_body["required"], sorted(generic_body["properties"])) == (
        ["email", "password"], ["email", "password"])
    assert "access_token" in generic_body["description"]


def test_the_openapi_document_shows_both_login_bodies_as_components(client):
    schemas = client.get("/api/docs/openapi.json").json["components"]["schemas"]

    assert schemas["PasswordLogin"]["required"] == ["email", "password"]
    assert schemas["AccessTokenLogin"]["required"] == ["access_token"]
