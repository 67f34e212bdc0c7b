"""Backoff with jitter, Retry-After, and which failures are retried."""

from __future__ import annotations

import email.utils
import time

import pytest

from lms_export_blueprint.retry import (
    RetryPolicy,
    current_deadline,
    is_retryable,
    operation_deadline,
    parse_retry_after,
)

POLICY = RetryPolicy(attempts=5, backoff=0.5, max_wait=10)


@pytest.mark.parametrize(("retry", "low", "high"), [(1, 0.25, 0.5), (2, 0.5, 1), (3, 1, 2),
                                                     (4, 2, 4), (6, 5, 10), (12, 5, 10)])
def test_backoff_doubles_with_jitter_and_is_capped(retry, low, high):
    waits = {POLICY.wait_before_retry(retry) for _ in range(200)}

    assert all(low <= wait <= high for wait in waits)
    assert len(waits) > 100  # jitter: concurrent clients do not retry in step


@pytest.mark.parametrize(("header", "wait"), [("3", 3), ("10", 10), ("120", None)])
def test_retry_after_seconds_are_honoured_up_to_max_wait(header, wait):
    # None: longer than max_wait, so no retry at all
    assert POLICY.wait_before_retry(1, header) == wait


@pytest.mark.parametrize("header", ["0", "Wed, 21 Oct 2015 07:28:00 GMT"])
@pytest.mark.parametrize(("retry", "floor"), [(1, 0.25), (3, 1), (12, 5)])
def test_a_retry_after_of_now_or_the_past_waits_at_least_half_the_backoff(header, retry, floor):
    # Issue 18 item 12: "Retry-After: 0" resent ~22 times a second until the deadline
    assert POLICY.wait_before_retry(retry, header) == floor


def test_retry_after_as_an_http_date():
    in_five = email.utils.formatdate(time.time() + 5, usegmt=True)

    assert 3 <= parse_retry_after(in_five) <= 5
    assert parse_retry_after("not a date") is None


@pytest.mark.parametrize(("status", "repeat_safe", "retried"), [
    (None, True, True), (None, False, False),            # no answer: only if safe to repeat
    (500, True, True), (502, True, True), (504, True, True), (500, False, False),
    (429, False, True), (503, False, True),              # "not now": the LMS did not act
    (400, True, False), (401, True, False), (403, True, False), (404, True, False),
])
def test_what_is_retried(status, repeat_safe, retried):
    assert is_retryable(status=status, repeat_safe=repeat_safe) is retried


def test_calls_inside_one_operation_share_its_deadline():
    with operation_deadline(5) as outer:
        with operation_deadline(60) as inner:
            assert inner is outer
        assert current_deadline(60) is outer
    assert current_deadline(60) is not outer
