"""One Idempotency-Key, one push, even concurrently (docs/failure-behaviour.md): a second push
with the key while the first runs answers 409 with Retry-After and sends nothing."""

from __future__ import annotations

import threading

from conftest import ALL_ASSETS, BEARER, hold_every_push_claim, push
from host_app import create_app

KEY = {"Idempotency-Key": "retry-me"}


def _push(client, lms_token, **body):
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post("/api/courses/bio-101/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": lms_token, **KEY})


def test_a_push_whose_key_is_held_by_a_running_push_is_a_409_and_sends_nothing(
        app, client, lms, lms_token):
    taken = hold_every_push_claim(app)
    sent_before = len(lms.calls)

    answer = _push(client, lms_token)

    assert taken and answer.status_code == 409
    assert 1 <= int(answer.headers["Retry-After"]) <= app.config["LMS_DEADLINE"] + 5
    assert "still running" in answer.json["detail"]
    assert len(lms.calls) == sent_before


def test_the_key_is_given_up_when_the_push_ends(client, lms, lms_token):
    first = _push(client, lms_token)

    again = _push(client, lms_token)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json["data"] == first.json["data"]


def test_a_push_without_a_key_claims_nothing(app, client, lms_token):
    taken = hold_every_push_claim(app)

    answer = push(client, lms_token)

    assert (answer.status_code, taken) == (200, [])


def test_two_concurrent_canvas_pushes_with_one_key_make_each_quiz_once(canvas, canvas_config,
                                                                        teacher):
    """issue 18 item 4: a retry while the first push was creating the course made every quiz
    twice, both answering 200."""
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]
    creating, release = threading.Event(), threading.Event()
    real_handle = canvas.handle

    def handle(method, path, *args):
        if method == "POST" and path.endswith("/courses"):
            creating.set()
            release.wait(30)
        return real_handle(method, path, *args)
    canvas.handle = handle
    answers: list = []
    first = threading.Thread(target=lambda: answers.append(_push(client, token)))
    first.start()
    assert creating.wait(30)

    second = _push(client, token)
    release.set()
    first.join(30)

    assert second.status_code == 409 and second.headers["Retry-After"]
    assert answers[0].status_code == 200
    assert len(canvas.courses) == 1 and len(canvas.quizzes) == 2

