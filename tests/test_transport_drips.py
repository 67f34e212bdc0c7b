"""A drip anywhere in an answer — status line, headers, body — ends at the deadline as a 504,
the status docs/failure-behaviour.md gives a timeout (against a hostile LMS on 127.0.0.1)."""

from __future__ import annotations

import pytest
from conftest import BEARER, TEACHER_PASSWORD, push
from host_app import create_app
from hostile_lms import Drip, HostileLMS, json_answer

TOKEN = "lms-token-of-teacher-1"
DEADLINE = {"LMS_DEADLINE": 1.0, "LMS_TIMEOUT": 0.5, "LMS_AUTH_TIMEOUT": 0.5,
            "LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}

STATUS_LINE = b"HTTP/1.1 201 Created" + b" " * 200 + b"\r\n"
HEADERS = (b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Padding: "
           + b"a" * 200 + b"\r\n")
BETWEEN_HEADERS = b"HTTP/1.1 201 Created\r\n" + b"X-A: b\r\n" * 60


@pytest.fixture
def lms():
    with HostileLMS() as server:
        server.on("POST", "/auth/signin", json_answer(200, {
            "token": TOKEN, "user": {"id": "u1", "email": "t@example.edu", "name": "T"}}))
        server.on("GET", "/auth/validate", json_answer(200, {"valid": True}))
        yield server


@pytest.mark.parametrize("answer", [STATUS_LINE, HEADERS, BETWEEN_HEADERS],
                         ids=["status-line", "one-header", "many-headers"])
def test_a_push_whose_head_drips_is_a_504_at_the_deadline(lms, answer):
    drip = Drip(answer, interval=0.02)
    lms.on("POST", "/courses", drip)

    response = push(create_app({"LMS_BASE_URL": lms.base_url, **DEADLINE}).test_client(),
                    TOKEN)

    assert response.status_code == 504, response.json
    assert drip.cut_off.wait(timeout=5)


@pytest.mark.parametrize("answer", [STATUS_LINE, HEADERS, BETWEEN_HEADERS],
                         ids=["status-line", "one-header", "many-headers"])
def test_a_sign_in_whose_head_drips_is_a_504_at_the_deadline(lms, answer):
    drip = Drip(answer.replace(b"201 Created", b"200 OK"), interval=0.02)
    lms.on("POST", "/auth/signin", drip)

    response = create_app({"LMS_BASE_URL": lms.base_url, **DEADLINE}).test_client().post(
        "/api/login-lms", headers=BEARER,
        json={"email": "t@example.edu", "password": TEACHER_PASSWORD})

    assert response.status_code == 504, response.json
    assert drip.cut_off.wait(timeout=5)
