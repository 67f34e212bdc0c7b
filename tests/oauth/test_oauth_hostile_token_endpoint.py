"""The token endpoint goes through the hardened transport (issue 18 item 1): against a hostile
OAuth server on 127.0.0.1 it has the deadline, the size cap (compressed and inflated), no
redirect, no cookie, and only a 200 carrying a token is a token (docs/canvas-oauth.md)."""

from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import BEARER
from host_app import create_app
from hostile_lms import (
    Drip,
    HostileLMS,
    chunked,
    http_answer,
    json_answer,
    raw_answer,
    redirect,
)

from lms_export_blueprint.errors import LMSTimeout
from lms_export_blueprint.retry import operation_deadline

TOKEN_PATH = "/login/oauth2/token"
ISSUED = {"access_token": "canvas-access-1", "token_type": "Bearer",
          "refresh_token": "canvas-refresh-1", "expires_in": 3600}
CLIENT_SECRET = "developer-key-secret-value"


@pytest.fixture
def lms():
    with HostileLMS() as server:
        server.on("GET", "/users/self", json_answer(200, {"id": 7, "name": "Ada"}))
        server.on("GET", "/users/self/profile",
                  json_answer(200, {"id": 7, "primary_email": "ada@example.edu"}))
        server.on("POST", TOKEN_PATH, json_answer(200, ISSUED))
        yield server


def app_for(lms: HostileLMS, **config):
    return create_app({
        "LMS_BASE_URL": lms.base_url, "LMS_CANVAS_CLIENT_ID": "10000000000001",
        "LMS_CANVAS_CLIENT_SECRET": CLIENT_SECRET,
        "LMS_CANVAS_REDIRECT_URI": "https://frontend.example.test/index.html",
        "SECRET_KEY": "test-secret-key", "TESTING": True, "LMS_RETRY_BACKOFF": 0.001,
        "LMS_RETRY_MAX_WAIT": 0.05, **config})


def finish(client):
    """Start, then finish as if the LMS had sent the browser back with a code."""
    started = client.post("/api/lms-oauth/start", headers=BEARER)
    assert started.status_code == 200, started.json
    state = parse_qs(urlsplit(started.json["authorization_url"]).query)["state"][0]
    return client.post("/api/lms-oauth/finish", headers=BEARER,
                       json={"state": state, "code": "code-from-the-lms"})


def connections_of(app) -> int:
    cache = app.extensions["lms_export"].state(app).tokens.cache
    return sum(1 for key in cache.cache._cache if "oauth:connection" in key)


def test_a_good_token_answer_connects_with_a_form_body_and_client_secret_post(lms):
    app = app_for(lms)
    answer = finish(app.test_client())

    assert answer.status_code == 200, answer.json
    (sent,) = lms.seen_at(TOKEN_PATH)
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = parse_qs(sent.body.decode())
    assert form["grant_type"] == ["authorization_code"]
    assert form["code"] == ["code-from-the-lms"]
    assert form["client_secret"] == [CLIENT_SECRET]
    assert "Authorization" not in sent.headers
    assert connections_of(app) == 1


DEADLINE = {"LMS_DEADLINE": 1.0, "LMS_AUTH_TIMEOUT": 0.5, "LMS_TIMEOUT": 0.5}


@pytest.mark.parametrize("answer", [
    http_answer(200, {**ISSUED, "padding": "x" * 200}),
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"a" * 300,
], ids=["body", "headers"])
def test_a_dripping_token_endpoint_ends_finish_at_the_deadline_with_a_504(lms, answer):
    # Issue 18 item 1: held lms-oauth/finish 111 s with LMS_DEADLINE=5
    drip = Drip(answer, interval=0.02)
    lms.on("POST", TOKEN_PATH, drip)
    app = app_for(lms, **DEADLINE)

    response = finish(app.test_client())

    assert response.status_code == 504, response.json
    assert drip.cut_off.wait(timeout=5)
    assert connections_of(app) == 0


def test_a_refresh_inside_a_push_shares_the_push_s_deadline(lms):
    app = app_for(lms, LMS_DEADLINE=30.0, LMS_AUTH_TIMEOUT=0.5)
    handle = finish(app.test_client()).json["data"]["token"]
    drip = Drip(http_answer(200, {**ISSUED, "padding": "x" * 200}), interval=0.02)
    lms.on("POST", TOKEN_PATH, drip)
    flow = app.extensions["lms_export"].state(app).oauth

    # the push has 0.3 s left: the refresh may not take the auth timeout, nor LMS_DEADLINE
    with operation_deadline(0.3), pytest.raises(LMSTimeout):
        flow.refresh(handle)

    assert drip.cut_off.wait(timeout=5)
    assert drip.sent < 0.3 / 0.02 + 10


def test_a_token_answer_over_the_size_cap_is_a_502(lms):
    body = json.dumps({**ISSUED, "padding": "x" * 50_000}).encode()
    lms.on("POST", TOKEN_PATH, chunked([body[i:i + 4096] for i in range(0, len(body), 4096)]))
    app = app_for(lms, LMS_MAX_RESPONSE_BYTES=20_000)

    response = finish(app.test_client())

    assert response.status_code == 502
    assert "larger than 20000 bytes" in response.json["detail"]
    assert connections_of(app) == 0


def test_a_gzip_bombed_token_answer_is_a_502_read_no_further_than_the_cap(lms):
    # a token answer whose padding inflates ~50 KB on the wire to 50 MB
    bomb = gzip.compress(json.dumps({**ISSUED, "padding": "0" * 50_000_000}).encode(), 9)
    lms.on("POST", TOKEN_PATH, raw_answer(200, bomb, {"Content-Type": "application/json",
                                                      "Content-Encoding": "gzip"}))
    app = app_for(lms, LMS_MAX_RESPONSE_BYTES=100_000)

    response = finish(app.test_client())

    assert response.status_code == 502
    assert connections_of(app) == 0


@pytest.mark.parametrize("status", [201, 202, 203])
def test_a_2xx_other_than_200_carrying_a_token_is_no_token(lms, status):
    lms.on("POST", TOKEN_PATH, json_answer(status, ISSUED))
    app = app_for(lms)

    response = finish(app.test_client())

    assert response.status_code == 502
    assert connections_of(app) == 0
    assert lms.seen_at("/users/self") == []


@pytest.mark.parametrize("status", [401, 404, 403, 409])
def test_a_failing_status_carrying_a_token_is_no_token(lms, status):
    lms.on("POST", TOKEN_PATH, json_answer(status, ISSUED))
    app = app_for(lms)

    response = finish(app.test_client())

    assert response.status_code == 502, response.json
    assert str(status) in response.json["detail"]
    assert connections_of(app) == 0


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirected_token_request_is_a_502_and_nothing_goes_there(lms, status):
    with HostileLMS() as elsewhere:
        elsewhere.on("POST", TOKEN_PATH, json_answer(200, ISSUED))
        lms.on("POST", TOKEN_PATH, redirect(status, elsewhere.base_url + TOKEN_PATH, ISSUED))
        app = app_for(lms)

        response = finish(app.test_client())

        assert response.status_code == 502
        assert "redirect" in response.json["detail"]
        assert elsewhere.seen == []
        assert connections_of(app) == 0


def test_a_cookie_from_the_token_endpoint_is_never_sent_back(lms):
    lms.on("POST", TOKEN_PATH, json_answer(200, ISSUED, {"Set-Cookie": "sid=abc; Path=/"}))

    assert finish(app_for(lms).test_client()).status_code == 200

    assert all("Cookie" not in seen.headers for seen in lms.seen)


@pytest.mark.parametrize("body", [
    {"token_type": "Bearer"}, {"access_token": ""}, {"access_token": 12},
    {"access_token": "with space"}, {"access_token": "tab\there"}, ["access_token"],
], ids=["none", "empty", "number", "space", "control", "list"])
def test_a_200_without_a_usable_access_token_is_a_502(lms, body):
    lms.on("POST", TOKEN_PATH, json_answer(200, body))
    app = app_for(lms)

    assert finish(app.test_client()).status_code == 502
    assert connections_of(app) == 0


def test_an_unreadable_token_answer_is_a_502(lms):
    lms.on("POST", TOKEN_PATH, raw_answer(200, b"<html>hello</html>",
                                          {"Content-Type": "text/html"}))

    assert finish(app_for(lms).test_client()).status_code == 502


def test_the_client_secret_echoed_by_the_token_endpoint_is_masked(lms):
    lms.on("POST", TOKEN_PATH, json_answer(500, {"message": f"bad secret {CLIENT_SECRET}"}))

    response = finish(app_for(lms).test_client())

    assert response.status_code == 502
    assert CLIENT_SECRET not in response.json["detail"]
