"""The push against its physical limit, counted (never timed): one LMS call, no new
connection, and nothing of its content left for the garbage collector while it waits."""

from __future__ import annotations

import gc
import threading

import pytest
import requests
import sample_content
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD, create_app, push
from werkzeug.serving import make_server

from lms_export_blueprint.formats.content import load_page, load_question_set
from lms_export_blueprint.providers.generic.client import LMSClient
from lms_export_blueprint.question_types import model_question_types


@pytest.fixture
def served(live_lms):
    """The example host app on a real threaded server, pushing to the live LMS."""
    live_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = create_app({"LMS_BASE_URL": live_lms.base_url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def lms_connections_opened(app) -> int:
    """New connections the extension's pool has opened to the LMS so far."""
    adapter = app.extensions["lms_export"].client(app).session.get_adapter("http://")
    return sum(pool.num_connections for pool in adapter.poolmanager.pools._container.values())


def test_login_then_pushes_make_one_lms_call_each_and_reuse_one_connection(served, live_lms):
    app, url = served
    with requests.Session() as session:
        login = session.post(url + "/api/login-lms", headers=BEARER, timeout=30,
                             json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
        headers = {**BEARER, "X-LMS-Token": login.json()["data"]["token"]}
        assert lms_connections_opened(app) == 1
        for _ in range(5):
            calls_before = len(live_lms.calls)
            answer = session.post(url + "/api/courses/bio-101/push-to-lms", headers=headers,
                                  json={"asset_names": ["photosynthesis-quiz"]}, timeout=30)
            assert answer.status_code == 200
            assert len(live_lms.calls) - calls_before == 1
            assert lms_connections_opened(app) == 1
    assert live_lms.calls_to("GET", "/auth/validate") == []


def test_the_content_model_is_left_out_of_the_garbage_collector():
    """Questions, pairs, settings, sets and pages hold no reference cycle; tracked, a push's
    hundreds of them made the collector run while it waited for its LMS (BENCHMARKS.md,
    2026-12-08)."""
    quiz = load_question_set({"asset_name": "quiz", "asset_content": {
        **sample_content.PHOTOSYNTHESIS_QUIZ, "settings": {"time_limit_minutes": 20}}})
    page = load_page({"asset_name": "notes", "asset_content": sample_content.LESSON_NOTES})
    matching = next(question for question in quiz.questions if question.type == "matching")
    model = [quiz, quiz.settings, *quiz.questions, *matching.pairs, page]
    assert {question.type for question in quiz.questions} == {
        kind.type for kind in model_question_types()}  # the sample holds one of each
    assert [type(part).__name__ for part in model if gc.is_tracked(part)] == []


def _quiz(questions: int) -> dict:
    return {"asset_name": f"quiz-{questions}", "asset_type": "quiz", "asset_content": {
        "title": f"{questions} questions", "questions": [
            {"type": "multiple_choice", "text": f"Question {number}?",
             "options": [f"Yes {number}", f"No {number}"], "answer": 0}
            for number in range(questions)]}}


def _lists_and_dicts() -> set[int]:
    gc.collect()  # what is still referenced, only
    return {id(thing) for thing in gc.get_objects() if type(thing) in (dict, list)}


def test_a_push_keeps_no_formatted_question_alive_through_its_lms_call(
        client, lms_token, monkeypatch):
    """Each question, formatted, is a dict and a list; the generic provider keeps them
    encoded, so a quiz of 400 has no more of its lists and dicts alive during the call than
    one of 10. Alive, each in-flight push's hundreds of them were promoted by the collector,
    and its full collections held up the worker (BENCHMARKS.md, 2026-12-08)."""
    assets = sample_content.COURSES["bio-101"]["assets"]
    for size in (10, 400):
        monkeypatch.setitem(assets, f"quiz-{size}", _quiz(size))
    before_push: set[int] = set()
    new_during_call: list[int] = []
    send = LMSClient._send

    def counting(self, call):
        new_during_call.append(len(_lists_and_dicts() - before_push))
        return send(self, call)

    monkeypatch.setattr(LMSClient, "_send", counting)
    for size in (10, 10, 400):  # the first push makes what every later one reuses
        before_push = _lists_and_dicts()
        answer = push(client, lms_token, asset_names=[f"quiz-{size}"])
        assert answer.status_code == 200, answer.json
    _, ten, four_hundred = new_during_call
    assert four_hundred - ten < 20
