"""LMS_DEADLINE bounds a whole login or push, validation included, however many retries are allowed.

The assertions count the attempts the LMS saw; no test here measures the clock.
"""

from __future__ import annotations

import pytest
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD, push
from host_app import create_app

TIMEOUT = 0.3
DEADLINE = 1.0
#: Retries the deadline, not LMS_RETRY_ATTEMPTS, has to stop.
GENEROUS = {"LMS_TIMEOUT": TIMEOUT, "LMS_AUTH_TIMEOUT": TIMEOUT, "LMS_DEADLINE": DEADLINE,
            "LMS_RETRY_ATTEMPTS": 20, "LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05,
            "TESTING": True}


pytestmark = pytest.mark.live_lms


@pytest.fixture
def app_config():
    return GENEROUS


def test_validation_and_create_share_one_deadline(client, lms):
    # Given a validation that times out twice (>= 0.6 s of the 1 s budget) and a create
    # that never answers in time
    token = lms.issue_token(TEACHER_EMAIL)
    lms.timeout_next(path="/auth/validate", times=2, seconds=2)
    lms.timeout_next(path="/courses", times=50, seconds=2)

    response = push(client, token)

    # then the create gets only what is left: at most two attempts (0.3 s, then the rest),
    # where a budget of its own would allow four
    assert response.status_code == 504
    assert len(lms.calls_to("GET", "/auth/validate")) == 3
    assert 1 <= len(lms.calls_to("POST", "/courses")) <= 2
    assert lms.courses == {}


def test_a_push_that_times_out_on_every_attempt_stops_at_the_deadline(client, lms):
    token = lms.issue_token(TEACHER_EMAIL)
    lms.timeout_next(times=50, seconds=2)

    response = push(client, token)

    # every attempt lasts at least TIMEOUT (or what is left), so the budget allows at most
    # DEADLINE / TIMEOUT + 1 of them, however many retries LMS_RETRY_ATTEMPTS allows
    assert response.status_code == 504
    assert 2 <= len(lms.calls) <= int(DEADLINE / TIMEOUT) + 1


def test_a_retry_after_longer_than_the_budget_is_not_waited_out(lms):
    token = lms.issue_token(TEACHER_EMAIL)
    lms.fail_next(429, headers={"Retry-After": "30"}, times=50, path="/courses")
    capped = create_app({"LMS_BASE_URL": lms.base_url, **GENEROUS, "LMS_RETRY_MAX_WAIT": 10})

    response = push(capped.test_client(), token)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "30"
    assert len(lms.calls_to("POST", "/courses")) == 1


def test_login_stops_at_the_deadline(lms, fake_clock):
    # Given an LMS that keeps failing, and backoff waits of 0.2 to 0.4 s on a clock that moves
    # only by those waits (a busy machine's slow round trips would otherwise end it as a 504)
    lms.fail_next(503, times=50)
    app = create_app({"LMS_BASE_URL": lms.base_url, **GENEROUS, "LMS_RETRY_BACKOFF": 0.4,
                      "LMS_RETRY_MAX_WAIT": 0.4})

    response = app.test_client().post("/api/login-lms", headers=BEARER, json={
        "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})

    # then waits of 0.2 to 0.4 s fit two to five times into the 1 s budget: not 21 attempts
    assert response.status_code == 502  # an LMS 503 after retries is "LMS login failed"
    assert 3 <= len(lms.calls) <= 6
    assert sum(fake_clock.slept) <= DEADLINE
