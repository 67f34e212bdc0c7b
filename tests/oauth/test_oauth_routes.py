"""Connecting Canvas through the two routes: start, Canvas's consent page, finish."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from conftest import OTHER_HOST_TOKEN

from lms_export_blueprint.oauth import states
from lms_export_blueprint.signals import lms_login_finished

from .conftest import REDIRECT_URI, canvas_answer, connect, finish, start, users_self

OTHER_BEARER = {"Authorization": f"Bearer {OTHER_HOST_TOKEN}"}


def token_exchanges(canvas):
    return canvas.calls_to("POST", "/login/oauth2/token")


def test_start_answers_the_consent_page_of_the_developer_key(client, canvas, developer_key):
    url = urlsplit(start(client))

    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == canvas.base_url + "/login/oauth2/auth"
    assert query["client_id"] == [developer_key[0]]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == [REDIRECT_URI]
    assert len(query["state"][0]) >= 32


def test_start_needs_the_host_bearer(client):
    assert client.post("/api/lms-oauth/start").status_code == 401


def test_each_start_has_its_own_state(client):
    assert parse_qs(urlsplit(start(client)).query)["state"] != \
        parse_qs(urlsplit(start(client)).query)["state"]


def test_finish_answers_as_login_does_with_the_canvas_user(client, canvas, canvas_teacher):
    answer = finish(client, canvas_answer(start(client)))

    assert answer.status_code == 200
    assert answer.json["message"] == "Successfully logged into LMS"
    assert answer.json["data"]["user"] == {"id": str(canvas.user_id(canvas_teacher)),
                                           "email": "ada@example.edu", "name": "Ada Teacher"}


def test_the_token_the_frontend_gets_is_no_canvas_token(client, canvas):
    token = connect(client)

    assert users_self(canvas, token).status_code == 401


def test_the_token_is_recorded_as_validated_for_the_host_user(client, app_state):
    token = connect(client)

    assert app_state.tokens.bound_user(token) == "teacher-1"


def test_a_connection_and_a_refusal_are_reported_as_logins(client, canvas, app):
    reported = []

    def receive(_app, **login):
        reported.append(login)

    with lms_login_finished.connected_to(receive, sender=app):
        connect(client)
        canvas.deny_authorization = True
        finish(client, canvas_answer(start(client)))

    assert [(login["user_id"], login["success"], login["error_type"]) for login in reported] == [
        ("teacher-1", True, None), ("teacher-1", False, "AuthorizationRefused")]


def test_each_connection_gets_its_own_token(client):
    assert connect(client) != connect(client)


def test_a_state_works_once(client, canvas):
    answer = canvas_answer(start(client))
    assert finish(client, answer).status_code == 200

    again = finish(client, answer)

    assert again.status_code == 403
    assert "already used" in again.json["detail"]
    assert len(token_exchanges(canvas)) == 1


def test_a_state_of_another_host_user_is_refused_and_spent(client, canvas):
    answer = canvas_answer(start(client))  # started by teacher-1

    stolen = finish(client, answer, headers=OTHER_BEARER)
    owner_late = finish(client, answer)

    assert stolen.status_code == 403
    assert owner_late.status_code == 403
    assert token_exchanges(canvas) == []


def test_an_unknown_state_is_refused(client, canvas):
    answer = canvas_answer(start(client))

    refused = finish(client, {**answer, "state": "made-up-state"})

    assert refused.status_code == 403
    assert token_exchanges(canvas) == []


def test_a_state_older_than_ten_minutes_is_refused(client, canvas, monkeypatch):
    answer = canvas_answer(start(client))
    later = states.time.time() + states.STATE_TTL + 1
    monkeypatch.setattr(states, "time", SimpleNamespace(time=lambda: later))

    assert finish(client, answer).status_code == 403
    assert token_exchanges(canvas) == []


def test_a_denied_authorization_is_a_401_that_stores_nothing(client, canvas, app_state):
    canvas.deny_authorization = True
    answer = canvas_answer(start(client))
    assert answer["error"] == "access_denied"

    refused = finish(client, answer)

    assert refused.status_code == 401
    assert "access_denied" in refused.json["detail"]
    assert token_exchanges(canvas) == []
    assert finish(client, answer).status_code == 403  # the state is spent


def test_a_code_canvas_refuses_is_a_401(client, canvas):
    answer = canvas_answer(start(client))

    refused = finish(client, {**answer, "code": "not-a-code-canvas-gave"})

    assert refused.status_code == 401
    assert "invalid_grant" in refused.json["detail"]


def test_a_developer_key_canvas_refuses_is_a_502_naming_it(client, canvas, developer_key):
    answer = canvas_answer(start(client))
    canvas.developer_keys[developer_key[0]]["secret"] = "rotated-in-canvas"

    refused = finish(client, answer)

    assert refused.status_code == 502
    assert "developer key (invalid_client)" in refused.json["detail"]


def test_finish_without_a_code_is_a_refused_authorization(client, canvas):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]

    refused = finish(client, {"state": state})

    assert refused.status_code == 401
    assert "(no code)" in refused.json["detail"]
    assert token_exchanges(canvas) == []


def test_finish_with_an_error_and_a_code_believes_the_error(client, canvas):
    answer = canvas_answer(start(client))

    refused = finish(client, {**answer, "error": "access_denied"})

    assert refused.status_code == 401
    assert token_exchanges(canvas) == []


def test_finish_names_a_field_it_does_not_know(client):
    answer = canvas_answer(start(client))

    refused = finish(client, {**answer, "scope": "url:GET|/api/v1/users/self"})

    assert refused.status_code == 422
    assert "scope" in refused.json["errors"]


def test_finish_needs_the_host_bearer_before_the_body_is_read(client):
    assert client.post("/api/lms-oauth/finish", json={}).status_code == 401


def test_canvas_down_at_the_token_endpoint_is_a_503(client, canvas):
    answer = canvas_answer(start(client))
    canvas.refuse_next(path="/login/oauth2/token")

    assert finish(client, answer).status_code == 503


def test_the_openapi_document_has_both_routes(client):
    paths = client.get("/api/docs/openapi.json").json["paths"]

    assert {"/api/lms-oauth/start", "/api/lms-oauth/finish"} <= set(paths)
    assert "403" in paths["/api/lms-oauth/finish"]["post"]["responses"]

