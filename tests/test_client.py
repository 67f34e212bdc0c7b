"""LMSClient: retries where safe, one Idempotency-Key per create, the deadline, pooling."""

from __future__ import annotations

import pytest
import requests

from lms_export_blueprint import retry
from lms_export_blueprint.config import LMSConfig, set_defaults
from lms_export_blueprint.errors import (
    LMSBadResponse,
    LMSRateLimited,
    LMSTimeout,
    LMSUnavailable,
)
from lms_export_blueprint.providers.generic.client import LMSClient
from lms_export_blueprint.retry import RetryPolicy, is_retryable, parse_retry_after
from lms_export_blueprint.transport import path_segment

COURSE = {"course_name": "Bio", "course_description": "", "assets": [], "publish": True}


@pytest.fixture
def waits(fake_clock):
    """The client's sleeps, on a clock they move instead of waiting."""
    return fake_clock.slept


def make_client(base_url: str, **overrides) -> LMSClient:
    settings = {"LMS_BASE_URL": base_url, **overrides}
    set_defaults(settings)
    return LMSClient(LMSConfig.from_mapping(settings))


@pytest.fixture
def lms_client(fake_lms):
    fake_lms.add_user("t@example.edu", "pw")
    return make_client(fake_lms.base_url)


@pytest.fixture
def token(fake_lms):
    return fake_lms.issue_token("t@example.edu")


def test_a_create_keeps_one_idempotency_key_across_its_retries(fake_lms, lms_client, token,
                                                               waits):
    fake_lms.fail_next(503, times=2)

    result = lms_client.create_course(token, COURSE, idempotency_key="key-1")

    creates = fake_lms.calls_to("POST", "/courses")
    assert len(creates) == 3
    assert {call.headers["Idempotency-Key"] for call in creates} == {"key-1"}
    assert result.course_id in fake_lms.courses


def test_a_create_the_lms_carried_out_is_not_repeated_on_retry(fake_lms, lms_client, token,
                                                               waits):
    fake_lms.fail_next(503, after_processing=True)

    result = lms_client.create_course(token, COURSE, idempotency_key="key-2")

    assert list(fake_lms.courses) == [result.course_id]


@pytest.mark.parametrize("status", [500, 502, 504])
def test_put_is_retried_on_server_errors(fake_lms, lms_client, token, waits, status):
    course_id = lms_client.create_course(token, COURSE, "k").course_id
    fake_lms.fail_next(status, times=2)

    lms_client.update_course_content(token, course_id, COURSE)

    assert len(fake_lms.calls_to("PUT", "/content")) == 3
    assert len(waits) == 2


def test_sign_in_is_not_retried_on_500(fake_lms, lms_client, waits):
    fake_lms.fail_next(500)

    with pytest.raises(LMSBadResponse):
        lms_client.sign_in("t@example.edu", "pw")

    assert len(fake_lms.calls_to("POST", "/auth/signin")) == 1


def test_retry_after_is_honoured_and_one_over_the_cap_is_answered_at_once(fake_lms, token,
                                                                         waits):
    client = make_client(fake_lms.base_url, LMS_RETRY_MAX_WAIT=4)
    fake_lms.fail_next(429, headers={"Retry-After": "2"})
    fake_lms.fail_next(429, headers={"Retry-After": "3600"})

    with pytest.raises(LMSRateLimited) as caught:
        client.validate_token(token)

    assert waits == [2.0]
    assert caught.value.headers == {"Retry-After": "3600"}


def test_backoff_doubles_with_jitter(monkeypatch):
    monkeypatch.setattr(retry.random, "uniform", lambda low, high: high)
    policy = RetryPolicy(attempts=5, backoff=0.5, max_wait=3)

    assert [policy.wait_before_retry(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 3.0]


def test_jitter_stays_between_half_and_the_whole_step():
    policy = RetryPolicy(attempts=5, backoff=1.0, max_wait=60)

    assert all(1.0 <= policy.wait_before_retry(2) <= 2.0 for _ in range(200))


def test_rate_limited_after_every_attempt_raises_with_retry_after(fake_lms, lms_client, token,
                                                                  waits):
    fake_lms.fail_next(429, headers={"Retry-After": "1"}, times=10)

    with pytest.raises(LMSRateLimited) as caught:
        lms_client.create_course(token, COURSE, "k")

    assert caught.value.headers == {"Retry-After": "1"}
    assert len(fake_lms.calls_to("POST", "/courses")) == 4


def test_zero_attempts_means_one_try(fake_lms, token, waits):
    client = make_client(fake_lms.base_url, LMS_RETRY_ATTEMPTS=0)
    fake_lms.fail_next(503)

    with pytest.raises(LMSBadResponse):
        client.create_course(token, COURSE, "k")

    assert waits == []


def test_the_deadline_stops_retries_that_would_overrun_it(fake_lms, token, waits):
    client = make_client(fake_lms.base_url, LMS_DEADLINE=5, LMS_RETRY_MAX_WAIT=30)
    fake_lms.fail_next(503, headers={"Retry-After": "10"}, times=5)

    with pytest.raises(LMSBadResponse):
        client.create_course(token, COURSE, "k")

    assert len(fake_lms.calls_to("POST", "/courses")) == 1
    assert waits == []


def test_timeouts_and_refusals_map_to_our_errors(fake_lms, lms_client, token, waits):
    fake_lms.timeout_next(times=4)
    with pytest.raises(LMSTimeout):
        lms_client.validate_token(token)

    fake_lms.refuse_next(times=4)
    with pytest.raises(LMSUnavailable):
        lms_client.validate_token(token)


def test_one_pooled_session_per_client_with_verify_passed(fake_lms, token, tmp_path):
    ca_bundle = tmp_path / "ca.pem"  # LMS_VERIFY_SSL must name a file that exists
    ca_bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    client = make_client(fake_lms.base_url, LMS_VERIFY_SSL=str(ca_bundle))
    sent = []
    original = client.session.send
    client.session.send = lambda *a, **kw: sent.append(kw) or original(*a, **kw)

    client.validate_token(token)
    client.validate_token(token)

    assert [kw["verify"] for kw in sent] == [str(ca_bundle)] * 2
    assert [kw["timeout"] for kw in sent] == [10, 10]


def test_a_session_given_to_the_client_is_used_with_all_its_settings(fake_lms, token):
    """Its own auth, cookies and environment apply: it goes through Session.request."""
    session = requests.Session()
    sent = []
    original = session.request
    session.request = lambda *a, **kw: sent.append(kw["headers"]) or original(*a, **kw)
    settings = {"LMS_BASE_URL": fake_lms.base_url}
    set_defaults(settings)

    valid = LMSClient(LMSConfig.from_mapping(settings), session).validate_token(token)

    assert valid is True
    assert [headers["Authorization"] for headers in sent] == [f"Bearer {token}"]


def test_get_user_info(fake_lms, lms_client, token):
    assert lms_client.get_user_info(token)["email"] == "t@example.edu"


@pytest.mark.parametrize(("course_id", "segment"), [
    ("c-1", "c-1"), ("../admin", "..%2Fadmin"), ("a/b", "a%2Fb"), ("a%2Fb", "a%252Fb"),
    ("x?y#z", "x%3Fy%23z"),
])
def test_an_lms_id_stays_one_path_segment(course_id, segment):
    assert path_segment(course_id) == segment


@pytest.mark.parametrize("dots", [".", ".."])
def test_dot_ids_are_refused(dots):
    with pytest.raises(ValueError):
        path_segment(dots)


@pytest.mark.parametrize(("status", "repeat_safe", "expected"), [
    (None, True, True), (None, False, False), (503, False, True), (429, False, True),
    (500, False, False), (500, True, True), (404, True, False), (401, True, False),
])
def test_which_failures_are_retried(status, repeat_safe, expected):
    assert is_retryable(status=status, repeat_safe=repeat_safe) is expected


def test_retry_after_as_http_date_or_garbage():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("7") == 7.0
