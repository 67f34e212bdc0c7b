"""A ledger that cannot be written stops the push (503); what Canvas cannot take is caught
before anything is sent; hostile answers are 502s."""

from __future__ import annotations

import json

from lms_export_blueprint.providers.canvas.ledger import LEDGER_PREFIX

from .conftest import NOTES, QUIZ, push, state_of

KEY = {"Idempotency-Key": "push-1"}


def _ledger_writes_fail_after(app, monkeypatch, writes: int) -> None:
    cache = state_of(app).tokens.cache
    real_set, seen = cache.set, []

    def failing_set(key, *args, **kwargs):
        if key.startswith(LEDGER_PREFIX):
            seen.append(key)
            if len(seen) > writes:
                raise ConnectionError("Redis went away")
        return real_set(key, *args, **kwargs)
    monkeypatch.setattr(cache, "set", failing_set)


def test_a_ledger_that_cannot_be_written_stops_the_push_before_the_next_create(
        app, client, canvas, lms_token, monkeypatch):
    """issue 18 item 6: the writes failed with a warning and the retry made everything twice."""
    _ledger_writes_fail_after(app, monkeypatch, writes=2)  # the course's pending and landed

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES], headers=KEY)

    assert answer.status_code == 503
    assert "store is unavailable" in answer.json["detail"]
    assert len(canvas.courses) == 1
    assert canvas.calls_to("POST", "/quizzes") == [] and canvas.calls_to("POST", "/pages") == []


def test_a_ledger_that_cannot_be_read_sends_nothing(app, client, canvas, lms_token,
                                                    monkeypatch):
    cache = state_of(app).tokens.cache
    real_get = cache.get

    def failing_get(key):
        if key.startswith(LEDGER_PREFIX):
            raise ConnectionError("Redis went away")
        return real_get(key)
    monkeypatch.setattr(cache, "get", failing_get)
    sent_before = len(canvas.calls)

    answer = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    assert answer.status_code == 503
    assert len(canvas.calls) == sent_before


def test_an_unknown_lms_course_is_a_404_before_anything_even_with_a_page_first(
        client, canvas, lms_token):
    """issue 17 item 3: a page first made it a 502."""
    answer = push(client, lms_token, asset_names=[NOTES, QUIZ], lms_course_id="987654")

    assert answer.status_code == 404
    assert answer.json["detail"].startswith("LMS course not found")
    assert [c.method for c in canvas.calls if "/987654" in c.path] == ["GET"]


def _answer_once(canvas, path: str, method: str, body: object) -> None:
    canvas.fail_next(200, path=path, method=method, body=json.dumps(body),
                     headers={"Content-Type": "application/json"})


def test_hostile_ids_from_canvas_are_502_and_never_reach_a_url(client, canvas, lms_token):
    """issues 17 item 4 and 18 items 10, 16: ``..``, a path or an object where an id belongs."""
    for hostile in ("..", "../../accounts/1", {"id": 1}, "7?x=1", True):
        canvas.calls.clear()
        _answer_once(canvas, "/quizzes", "POST", {"id": hostile, "title": "x"})

        answer = push(client, lms_token, asset_names=[QUIZ])

        assert answer.status_code == 502, (hostile, answer.json)
        assert "no usable quiz id" in answer.json["detail"]
        assert [c for c in canvas.calls if "/quizzes/" in c.path] == []


def test_a_hostile_page_url_is_a_502(client, canvas, lms_token):
    _answer_once(canvas, "/pages", "POST", {"url": "../../users/self", "page_id": 5})

    answer = push(client, lms_token, asset_names=[NOTES])

    assert answer.status_code == 502
    assert "no usable page url" in answer.json["detail"]
