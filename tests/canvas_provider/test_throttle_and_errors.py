"""Canvas's throttle is waited out, never a 403; its 401s and messages read as Canvas means them."""

from __future__ import annotations

import json

import pytest
from host_app import create_app

from lms_export_blueprint.providers.canvas import pacing
from lms_export_blueprint.providers.canvas.pacing import Pacer

from .conftest import BEARER, NOTES, QUIZ, push, state_of

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("status", [403, 429])
def test_a_throttle_refusal_is_waited_out_and_retried(client, canvas, lms_token, status):
    canvas.rate_limit_next(times=3, status=status, path="/questions", method="POST")

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 200
    (quiz_id,) = canvas.quizzes
    assert len(canvas.questions(quiz_id)) == 7  # each refused POST sent again, none twice


def test_a_throttle_refusal_is_retried_beyond_lms_retry_attempts(canvas_config, client,
                                                                 canvas, lms_token):
    canvas.rate_limit_next(times=8, path="/pages", method="POST")  # LMS_RETRY_ATTEMPTS is 3

    assert push(client, lms_token, asset_names=[NOTES]).status_code == 200


@pytest.fixture
def throttle_waits(canvas_config, fake_clock):
    """Waits of whole seconds inside a 20 s deadline, on a clock only those waits move: the
    throttle outlasts the deadline after a few tries, however slow the machine is."""
    canvas_config.update(LMS_DEADLINE=20, LMS_TIMEOUT=20, LMS_RETRY_BACKOFF=1,
                         LMS_RETRY_MAX_WAIT=4)
    return fake_clock


def test_a_throttle_that_outlasts_the_deadline_is_a_429_never_a_403(throttle_waits, client,
                                                                   canvas, lms_token):
    canvas.rate_limit_next(times=10_000, path="/pages")

    answer = push(client, lms_token, asset_names=[NOTES])

    assert answer.status_code == 429
    # it was waited out while the deadline allowed: each wait under the cap, 20 s in all
    assert throttle_waits.slept and max(throttle_waits.slept) <= 4
    assert 20 - 4 < sum(throttle_waits.slept) <= 20


def test_another_403_is_a_403_carrying_canvas_s_message(client, canvas, lms_token):
    canvas.fail_next(403, path="/pages", headers=JSON, body=json.dumps(
        {"errors": [{"message": "Pages are disabled for this course"}]}))

    answer = push(client, lms_token, asset_names=[NOTES])

    assert answer.status_code == 403
    assert "Pages are disabled for this course" in answer.json["detail"]


def test_an_attribute_keyed_error_object_reaches_detail(client, canvas, lms_token):
    canvas.fail_next(400, path="/pages", headers=JSON, body=json.dumps({"errors": {"title": [
        {"attribute": "title", "type": "blank", "message": "Title can't be blank"}]}}))

    answer = push(client, lms_token, asset_names=[NOTES])

    assert answer.status_code == 502
    assert "Title can't be blank" in answer.json["detail"]


def test_a_401_without_www_authenticate_is_a_403_and_the_token_stays(app, client, canvas,
                                                                     lms_token):
    other_course = canvas.add_course("Not yours", account_id=canvas.add_account("Other"))

    answer = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(other_course))

    assert answer.status_code == 403
    assert "user not authorized to perform that action" in answer.json["detail"]
    assert state_of(app).tokens.bound_user(lms_token) == "teacher-1"


def test_a_401_with_www_authenticate_is_a_401_and_the_token_is_forgotten(app, client, canvas,
                                                                        lms_token):
    canvas.revoke(lms_token)

    answer = push(client, lms_token, asset_names=[NOTES])

    assert answer.status_code == 401
    assert state_of(app).tokens.bound_user(lms_token) is None


def test_the_pacer_waits_until_the_bucket_drained_enough_for_one_more_request():
    pacer = Pacer(deadline_seconds=60)
    pacer.heard("token", {"X-Rate-Limit-Remaining": "80.0", "X-Request-Cost": "50.0"}, now=100.0)

    # 50 reserved up front + 50 of cost needs 100 left: 20 more units, two seconds of drain
    assert pacer.wait_for("token", now=100.0) == pytest.approx(2.0)
    assert pacer.wait_for("token", now=101.5) == pytest.approx(0.5)
    assert pacer.wait_for("token", now=103.0) == 0.0
    assert pacer.wait_for("another token", now=100.0) == 0.0


def test_a_push_paced_by_the_budget_never_trips_the_throttle(live_canvas, monkeypatch):
    """Each request costs 150 of a 600 bucket: unpaced, the fourth in a row is refused."""
    live_canvas.throttle.cost = 150.0
    live_canvas.throttle.outflow = 400.0
    monkeypatch.setattr(pacing, "OUTFLOW_PER_SECOND", 400.0)
    token = live_canvas.add_user("T", admin_of=[live_canvas.account_id])
    client = create_app({"LMS_BASE_URL": live_canvas.base_url, "LMS_PROVIDER": "canvas",
                         "LMS_CANVAS_ACCOUNT_ID": live_canvas.account_id}).test_client()
    client.post("/api/login-lms", headers=BEARER, json={"access_token": token})

    answer = push(client, token, asset_names=[QUIZ, NOTES])

    assert answer.status_code == 200
    assert len(live_canvas.calls) > 10
    assert live_canvas.throttle.refused == 0
