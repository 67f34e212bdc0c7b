"""A ledger that cannot be written stops the push (503); what Canvas cannot take is caught
before anything is sent; hostile answers are 502s."""

from __future__ import annotations

import copy
import json

import pytest
import requests
import sample_content

from lms_export_blueprint.providers.ledger import LEDGER_PREFIX

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


def _with_asset(monkeypatch, name: str, **content) -> None:
    assets = sample_content.COURSES["bio-101"]["assets"]
    changed = copy.deepcopy(assets[name])
    changed["asset_content"].update(content)
    monkeypatch.setitem(assets, name, changed)


@pytest.mark.parametrize(("field", "value", "named"), [
    ("text", "x" * (16 * 1024 + 1), "questions[1].question_text"),
    ("feedback", "y" * (5 * 1024 + 1), "questions[1].neutral_comments_html"),
])
def test_a_question_field_canvas_refuses_for_size_is_a_422_before_anything_is_sent(
        client, canvas, lms_token, monkeypatch, field, value, named):
    """issue 17 item 2: Canvas answers 500 (raw_fields.rb FieldTooLongError)."""
    quiz = copy.deepcopy(sample_content.PHOTOSYNTHESIS_QUIZ)
    quiz["questions"][0][field] = value
    _with_asset(monkeypatch, QUIZ, questions=quiz["questions"])
    sent_before = len(canvas.calls)

    answer = push(client, lms_token, asset_names=[NOTES, QUIZ])

    assert answer.status_code == 422
    assert QUIZ in answer.json["detail"] and named in answer.json["detail"]
    assert len(canvas.calls) == sent_before


def test_the_double_refuses_a_long_question_as_canvas_does(canvas, teacher):
    """So the 422 above is proven needed: 16 KB + 1 of question_text is a 500 on the double."""
    course_id = canvas.add_course("Biology", teacher=teacher)
    created = requests.post(f"{canvas.base_url}/api/v1/courses/{course_id}/quizzes",
                            json={"quiz": {"title": "T"}},
                            headers={"Authorization": f"Bearer {teacher}"}).json()
    answer = requests.post(
        f"{canvas.base_url}/api/v1/courses/{course_id}/quizzes/{created['id']}/questions",
        json={"question": {"question_type": "essay_question",
                           "question_text": "x" * (16 * 1024 + 1)}},
        headers={"Authorization": f"Bearer {teacher}"})
    assert answer.status_code == 500


def test_titles_over_255_characters_are_shortened_with_a_warning(client, canvas, lms_token,
                                                                monkeypatch):
    _with_asset(monkeypatch, QUIZ, title="Q" * 300)
    _with_asset(monkeypatch, NOTES, title="P" * 300)

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert answer.status_code == 200, answer.json
    (quiz,) = canvas.quizzes.values()
    assert len(quiz["title"]) == 255
    (course_id,) = canvas.courses
    assert len(canvas.pages[course_id][0]["title"]) == 255
    warnings = answer.json["data"]["warnings"]
    assert [w.split(":")[0] for w in warnings] == [QUIZ, NOTES]
    assert all("shortened" in w for w in warnings)


def test_a_push_that_would_unpublish_the_front_page_warns_instead_of_failing(
        client, canvas, teacher, lms_token):
    course_id = canvas.add_course("Biology", teacher=teacher)
    first = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id))
    (url,) = first.json["data"]["lms_content_ids"]
    canvas.page(course_id, url)["front_page"] = True  # the teacher made it the front page

    again = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id),
                 publish=False)

    assert again.status_code == 200, again.json
    assert canvas.page(course_id, url)["published"] is True
    (warning,) = again.json["data"]["warnings"]
    assert "front page" in warning
