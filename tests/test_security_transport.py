"""Talking to the LMS safely (docs/security.md): against a hostile LMS on 127.0.0.1.

No redirect is followed, no cookie is kept, answers are capped in size and bounded by the
deadline, and anything unreadable is a 502, never a 500 or a false success.
"""

from __future__ import annotations

import json
import logging
import time
import tracemalloc

import pytest
from conftest import ALL_ASSETS, BEARER, TEACHER_PASSWORD, push
from host_app import create_app
from hostile_lms import (
    Drip,
    HostileLMS,
    chunked,
    gzip_bomb,
    http_answer,
    json_answer,
    raw_answer,
    redirect,
)

from lms_export_blueprint.watchdog import current_watchdog

TOKEN = "lms-token-of-teacher-1"
COURSE = {"course_id": "c-1", "content_ids": ["x1", "x2", "x3"]}
FAST = {"LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}


@pytest.fixture
def lms():
    with HostileLMS() as server:
        server.on("POST", "/auth/signin", json_answer(200, {
            "token": TOKEN, "user": {"id": "u1", "email": "t@example.edu", "name": "T"}}))
        server.on("GET", "/auth/validate", json_answer(200, {"valid": True}))
        server.on("POST", "/courses", json_answer(201, COURSE))
        yield server


@pytest.fixture
def elsewhere():
    """Another server, reached as ``localhost``: where a redirect points."""
    with HostileLMS() as server:
        server.on("POST", "/auth/signin", json_answer(200, {"token": "foreign", "user": {}}))
        server.on("POST", "/steal", json_answer(201, COURSE))
        server.on("GET", "/steal", json_answer(200, {"valid": True}))
        yield server


def client_for(lms: HostileLMS, **config):
    return create_app({"LMS_BASE_URL": lms.base_url, **FAST, **config}).test_client()


def login(client, password: str = TEACHER_PASSWORD):
    return client.post("/api/login-lms", headers=BEARER,
                       json={"email": "t@example.edu", "password": password})


# --- 1. redirects ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirected_sign_in_is_a_502_naming_the_host_and_nothing_goes_there(lms, elsewhere,
                                                                            status):
    lms.on("POST", "/auth/signin",
           redirect(status, f"http://localhost:{elsewhere.port}/api/v1/auth/signin"))

    response = login(client_for(lms))

    assert response.status_code == 502
    assert "localhost" in response.json["detail"]
    assert elsewhere.seen == []


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirected_push_is_a_502_not_a_success(lms, elsewhere, status):
    lms.on("POST", "/courses", redirect(status, f"http://localhost:{elsewhere.port}/steal"))

    response = push(client_for(lms), TOKEN)

    assert response.status_code == 502
    assert "localhost" in response.json["detail"]
    assert elsewhere.seen == []


def test_a_redirected_validation_does_not_pass_the_token(lms, elsewhere):
    lms.on("GET", "/auth/validate", redirect(302, f"http://localhost:{elsewhere.port}/steal"))

    response = push(client_for(lms), TOKEN)

    assert response.status_code == 502
    assert elsewhere.seen == []
    assert lms.seen_at("/courses") == []


def test_a_redirect_to_an_unreadable_location_is_a_502(lms):
    lms.on("POST", "/courses", redirect(302, "http://[oops/"))

    assert push(client_for(lms), TOKEN).status_code == 502


# --- 2. cookies --------------------------------------------------------------------------------


def test_a_cookie_set_by_one_answer_is_never_sent_on_a_later_call(lms):
    lms.on("POST", "/auth/signin", json_answer(200, {"token": TOKEN, "user": {"id": "u1"}},
                                               headers={"Set-Cookie": "session=teacher-a"}))
    lms.on("GET", "/auth/validate", json_answer(200, {}, headers={"Set-Cookie": "v=1"}))
    client = client_for(lms)

    login(client)
    push(client, "another-teachers-token")
    push(client, "another-teachers-token")

    later_calls = lms.seen[1:]
    assert len(later_calls) == 3
    assert all("Cookie" not in call.headers for call in later_calls)


def test_the_cookie_jar_does_not_grow(lms):
    lms.on("POST", "/courses", json_answer(201, COURSE, headers={"Set-Cookie": "n=1"}))
    client = client_for(lms)

    for _ in range(5):
        assert push(client, TOKEN).status_code == 200

    session = client.application.extensions["lms_export"].client(client.application).session
    assert len(session.cookies) == 0


# --- what goes with every call -----------------------------------------------------------------


def test_a_call_carries_the_sessions_headers_and_its_own(lms):
    assert push(client_for(lms), TOKEN).status_code == 200

    sent = lms.seen_at("/courses")[0].headers
    assert (sent["Accept"], sent["User-Agent"]) == ("application/json", "lms-export-blueprint")
    assert sent["Authorization"] == f"Bearer {TOKEN}"
    assert sent["Content-Type"] == "application/json"
    assert sent["Idempotency-Key"]


def test_a_proxy_named_by_the_environment_carries_the_calls(lms, monkeypatch):
    """Read once, when the app's transport is made (requests' own reading of HTTP_PROXY)."""
    monkeypatch.setenv("HTTP_PROXY", lms.base_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = create_app({"LMS_BASE_URL": "http://lms.invalid", **FAST}).test_client()

    push(client, TOKEN)  # the proxy knows no such LMS: its 404 to the token check is a 401

    assert [call.path for call in lms.seen] == ["http://lms.invalid/api/v1/auth/validate"]


# --- 6. size ------------------------------------------------------------------------------------


def test_an_answer_over_the_size_cap_is_a_502(lms):
    lms.on("POST", "/courses", chunked([b" " * 65536] * 40 + [json.dumps(COURSE).encode()]))

    response = push(client_for(lms, LMS_MAX_RESPONSE_BYTES=1024 * 1024), TOKEN)

    assert response.status_code == 502
    assert "larger than 1048576 bytes" in response.json["detail"]


def test_a_declared_length_over_the_cap_is_a_502_before_reading(lms):
    lms.on("POST", "/courses", raw_answer(200, b" " * 300_000,
                                          {"Content-Type": "application/json"}))

    response = push(client_for(lms, LMS_MAX_RESPONSE_BYTES=100_000), TOKEN)

    assert response.status_code == 502
    assert "larger than" in response.json["detail"]


def test_the_cap_counts_decompressed_bytes_and_a_gzip_bomb_stays_small(lms):
    cap = 1024 * 1024
    lms.on("POST", "/courses", gzip_bomb(64 * cap))  # 64 MiB inflated, about 64 KiB sent
    client = client_for(lms, LMS_MAX_RESPONSE_BYTES=cap)

    tracemalloc.start()
    try:
        response = push(client, TOKEN)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 502
    assert "larger than" in response.json["detail"]
    assert peak < 8 * cap


def test_an_answer_under_the_cap_still_reads(lms):
    lms.on("POST", "/courses", gzip_bomb(1000))

    response = push(client_for(lms, LMS_MAX_RESPONSE_BYTES=100_000), TOKEN)

    assert response.status_code == 200
    assert response.json["data"]["lms_course_id"] == "0" * 1000


# --- 8. the deadline against a dripping LMS -----------------------------------------------------


DEADLINE = {"LMS_DEADLINE": 1.0, "LMS_TIMEOUT": 0.5, "LMS_AUTH_TIMEOUT": 0.5}


def test_a_push_whose_answer_drips_ends_at_the_deadline(lms):
    # Given a body that drips a byte every 0.1 s: each read beats the 0.5 s socket timeout,
    # and the whole answer would take over 10 s
    drip = Drip(http_answer(201, {**COURSE, "padding": "x" * 100}), interval=0.1)
    lms.on("POST", "/courses", drip)

    response = push(client_for(lms, **DEADLINE), TOKEN)

    assert response.status_code == 504
    assert drip.cut_off.wait(timeout=5)
    assert drip.sent < len(drip.answer)


def test_a_sign_in_whose_status_line_drips_ends_at_the_deadline(lms):
    drip = Drip(b"HTTP/1.1 200 OK" + b" " * 200 + b"\r\n", interval=0.1)
    lms.on("POST", "/auth/signin", drip)

    response = login(client_for(lms, **DEADLINE))

    assert response.status_code == 504
    assert drip.cut_off.wait(timeout=5)


def test_a_finished_attempt_never_cuts_a_pooled_connection(lms):
    client = client_for(lms, LMS_DEADLINE=1.0)

    first = push(client, TOKEN).status_code
    time.sleep(1.2)  # past the first push's deadline: a timer left armed would have cut
    later = [push(client, TOKEN).status_code for _ in range(2)]

    assert [first, *later] == [200, 200, 200]
    assert current_watchdog() is None
    assert len({call.client_port for call in lms.seen}) == 1  # one connection, never cut


# --- 9, 12, 13. unreadable or false successes ---------------------------------------------------


@pytest.mark.parametrize("body", [
    b"[" * 1_000_000 + b"]" * 1_000_000,
    json.dumps({"data": "x"}).encode(),
    json.dumps({"data": [1]}).encode(),
    json.dumps({"token": "tok\nen", "user": {}}).encode(),
], ids=["nested-1e6", "data-string", "data-list", "token-not-a-header-value"])
def test_an_unreadable_sign_in_answer_is_a_502(lms, body):
    lms.on("POST", "/auth/signin", raw_answer(200, body, {"Content-Type": "application/json"}))

    response = login(client_for(lms))

    assert response.status_code == 502


@pytest.mark.parametrize("exp", ["1" + "0" * 400, "-Infinity", "NaN"])
def test_a_token_with_an_absurd_jwt_exp_signs_in(lms, exp):
    claims = b'{"exp": ' + exp.encode() + b"}"
    token = _jwt(claims)
    lms.on("POST", "/auth/signin", json_answer(200, {"token": token, "user": {"id": "u1"}}))

    assert login(client_for(lms)).status_code == 200


def test_a_token_whose_jwt_payload_nests_deeply_signs_in(lms):
    token = _jwt(b'{"exp": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    lms.on("POST", "/auth/signin", json_answer(200, {"token": token, "user": {"id": "u1"}}))

    assert login(client_for(lms)).status_code == 200


def test_a_retry_after_of_unicode_digits_is_no_500(lms):
    lms.on("POST", "/courses", json_answer(429, {}, headers={"Retry-After": "²"}))

    response = push(client_for(lms), TOKEN)

    assert response.status_code == 429
    assert "Retry-After" not in response.headers  # nothing readable to pass on


@pytest.mark.parametrize(("status", "headers"), [
    (202, {}), (300, {}), (302, {}), (203, {}), (204, {}),
], ids=["202", "300-no-location", "302-no-location", "203", "204-where-a-body-is-needed"])
def test_only_200_and_201_count_as_success(lms, status, headers):
    lms.on("POST", "/courses", json_answer(status, COURSE, headers))

    response = push(client_for(lms), TOKEN)

    assert response.status_code == 502
    assert "success" not in response.json


def test_a_204_is_enough_where_no_body_is_needed(lms):
    lms.on("GET", "/auth/validate", raw_answer(204))

    assert push(client_for(lms), TOKEN).status_code == 200


@pytest.mark.parametrize("course_id", [{"x": 1}, False, "", 1.5, ["c"]])
def test_a_course_id_of_the_wrong_type_is_a_502(lms, course_id):
    lms.on("POST", "/courses", json_answer(201, {"course_id": course_id}))

    response = push(client_for(lms), TOKEN)

    assert response.status_code == 502


@pytest.mark.parametrize("content_id", [{"x": 1}, True, ""])
def test_a_content_id_of_the_wrong_type_is_a_502(lms, content_id):
    lms.on("POST", "/courses", json_answer(201, {"course_id": 7, "content_ids": [content_id]}))

    assert push(client_for(lms), TOKEN).status_code == 502


def test_an_integer_course_id_reads_as_its_string(lms):
    lms.on("POST", "/courses", json_answer(201, {"course_id": 7, "content_ids": [1, None, "c"]}))

    response = push(client_for(lms), TOKEN)

    assert response.json["data"]["lms_course_id"] == "7"
    assert response.json["data"]["lms_content_ids"] == ["1", None, "c"]


def test_surplus_content_ids_are_logged(lms, caplog):
    lms.on("POST", "/courses", json_answer(201, {"course_id": "c", "content_ids": list("abcde")}))

    with caplog.at_level(logging.WARNING, logger="lms_export_blueprint"):
        response = push(client_for(lms), TOKEN)

    assert response.json["data"]["lms_content_ids"] == ["a", "b", "c"]
    assert "5 content ids for 3 assets" in caplog.text


# --- Retry-After beyond LMS_RETRY_MAX_WAIT --------------------------------------------------------


def test_a_retry_after_beyond_the_cap_is_a_429_at_once_passing_it_on(lms):
    lms.on("POST", "/courses", json_answer(429, {}, headers={"Retry-After": "3600"}))

    response = push(client_for(lms, LMS_RETRY_MAX_WAIT=10), TOKEN)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    assert len(lms.seen_at("/courses")) == 1


def _jwt(claims: bytes) -> str:
    import base64

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return f"{b64(b'{}')}.{b64(claims)}.sig"


assert ALL_ASSETS  # the pushes above send the host app's three assets
