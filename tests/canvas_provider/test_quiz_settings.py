"""A question set's settings reach Canvas in the quiz's own create: no extra request."""

from __future__ import annotations

import copy

import pytest
import sample_content
from host_app import create_app

from .conftest import BEARER, QUIZ, push

SETTINGS = {"time_limit_minutes": 20, "allowed_attempts": 3, "shuffle_answers": True,
            "due_at": "2027-01-15T09:00:00+01:00", "show_correct_answers": False}


@pytest.fixture
def with_settings(monkeypatch):
    assets = sample_content.COURSES["bio-101"]["assets"]
    changed = copy.deepcopy(assets[QUIZ])
    changed["asset_content"]["settings"] = dict(SETTINGS)
    monkeypatch.setitem(assets, QUIZ, changed)


def test_classic_quiz_settings_ride_in_the_create(with_settings, client, canvas, lms_token):
    canvas.calls.clear()

    answer = push(client, lms_token, asset_names=[QUIZ])

    (quiz,) = [q for q in canvas.quizzes.values()
               if str(q["id"]) == answer.json["data"]["lms_content_ids"][0]]
    assert (quiz["time_limit"], quiz["allowed_attempts"], quiz["shuffle_answers"],
            quiz["show_correct_answers"]) == (20, 3, True, False)
    assert quiz["due_at"] == "2027-01-15T09:00:00+01:00"
    # the course, the quiz, 7 questions, their order, the publish: as without settings
    assert [c.method for c in canvas.calls] == ["POST"] * 10 + ["PUT"]


def test_new_quiz_settings_ride_in_the_create(with_settings, canvas_config, canvas, teacher):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = "new"
    client = create_app(canvas_config).test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]

    answer = push(client, token, asset_names=[QUIZ])

    quiz = canvas.new_quizzes[int(answer.json["data"]["lms_content_ids"][0])]
    assert quiz["due_at"] == "2027-01-15T09:00:00+01:00"
    assert quiz["quiz_settings"] == {
        "shuffle_answers": True, "has_time_limit": True, "session_time_limit_in_seconds": 1200,
        "multiple_attempts": {"multiple_attempts_enabled": True, "attempt_limit": True,
                              "max_attempts": 3},
        "result_view_settings": {"display_item_correct_answer": False}}
    assert len(canvas.calls_to("POST", "/api/quiz/v1/courses/")) == 8  # the quiz, 7 items
