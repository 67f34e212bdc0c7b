"""Classic questions go several at a time and one reorder puts the quiz in order (filling.py).

No timing: the double holds the first questions until they have all arrived (a client sending
one at a time never gets past the hold) and then stores them in reverse, so only the reorder
can make the quiz right.
"""

from __future__ import annotations

import pytest
import requests

from lms_export_blueprint.errors import LMSError
from lms_export_blueprint.export import send_push
from lms_export_blueprint.providers.canvas import filling
from lms_export_blueprint.providers.ledger import Ledger, asset_key
from lms_export_blueprint.testing.canvas import grade

from .conftest import QUIZ, push
from .test_quizzes import CLASSIC_ANSWERS
from .test_what_a_push_owns import _job

LABELS = [f"Q{number}" for number in range(1, 8)]


def _labels(questions: list[dict]) -> list[str]:
    return [question["question_name"].split()[0] for question in questions]


def test_questions_go_at_once_and_the_quiz_keeps_their_order(client, canvas, lms_token):
    canvas.hold_next(4, path="/questions")

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 200, answer.json
    quiz_id = int(answer.json["data"]["lms_content_ids"][0])
    published = canvas.published_questions(quiz_id)
    assert _labels(published) == LABELS
    for question, (right, wrong) in zip(published, CLASSIC_ANSWERS, strict=True):
        if right is not None:
            assert (grade(question, right), grade(question, wrong)) == (True, False)
    (reorder,) = canvas.calls_to("POST", "/reorder")
    assert reorder.params["order"] == [{"id": question["id"], "type": "question"}
                                       for question in published]


def test_a_retry_sends_only_the_questions_that_did_not_land(app, canvas, lms_token):
    """One question refused and the half-built quiz not deletable: the ledger keeps what landed,
    and the retry (same key) sends only the refused question, then puts all in order."""
    state, prepared = _job(app, lms_token)
    canvas.fail_next(400, path="/questions", method="POST")
    canvas.fail_next(500, path="/quizzes/", method="DELETE", times=20)
    with pytest.raises(LMSError):
        send_push(state, prepared)
    canvas.faults.clear()
    (quiz_id,) = canvas.quizzes
    landed = len(canvas.questions(quiz_id))
    sent_before = len(canvas.calls_to("POST", "/questions"))
    # what was not yet sent when the refusal came back stays unsent
    assert landed < 7 and sent_before == landed + 1

    result = send_push(state, prepared)

    assert result["data"]["lms_content_ids"] == [str(quiz_id)]
    assert len(canvas.calls_to("POST", "/questions")) - sent_before == 7 - landed
    assert _labels(canvas.published_questions(quiz_id)) == LABELS


def test_a_lost_answer_is_looked_for_by_its_label_not_sent_twice(client, canvas, lms_token):
    canvas.timeout_next(path="/questions", method="POST", after_processing=True)

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 200, answer.json
    quiz_id = int(answer.json["data"]["lms_content_ids"][0])
    assert _labels(canvas.published_questions(quiz_id)) == LABELS
    assert len(canvas.calls_to("POST", "/questions")) == 7


class _Clock:
    """time.monotonic and time.sleep for filling.py: sleeping moves the clock, nothing waits."""

    def __init__(self, on_sleep=None) -> None:
        self.now, self.slept, self.on_sleep = 1000.0, 0.0, on_sleep

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds
        if self.on_sleep is not None:
            self.on_sleep()


def _half_built_with_one_in_flight(app, canvas, lms_token):
    """A first run left the quiz half-built (a question refused, the delete failing) and the
    ledger saying one of the missing questions was sent with no answer (its worker died)."""
    state, prepared = _job(app, lms_token)
    canvas.fail_next(400, path="/questions", method="POST")
    canvas.fail_next(500, path="/quizzes/", method="DELETE", times=20)
    with pytest.raises(LMSError):
        send_push(state, prepared)
    canvas.faults.clear()
    (quiz_id,) = canvas.quizzes
    ledger = Ledger(state.store, prepared.scoped_key)
    record = ledger.record(asset_key(QUIZ))
    missing = min(set(range(1, 8)) - {int(p) for p in record["questions"]})
    ledger.write(asset_key(QUIZ), "building", record["id"], questions=record["questions"],
                 in_flight=[missing])
    return state, prepared, quiz_id, missing


def test_a_question_an_earlier_run_sent_unanswered_is_waited_for_not_sent_twice(
        app, canvas, lms_token, teacher, monkeypatch):
    state, prepared, quiz_id, missing = _half_built_with_one_in_flight(app, canvas, lms_token)
    stray = next(call for call in canvas.calls_to("POST", "/questions")
                 if call.params["question"]["question_name"].startswith(f"Q{missing} "))
    course_id = canvas.quizzes[quiz_id]["course_id"]

    def the_stray_lands() -> None:  # Canvas finishes what the dead worker sent
        if f"Q{missing}" not in _labels(canvas.questions(quiz_id)):
            requests.post(f"{canvas.base_url}/api/v1/courses/{course_id}/quizzes/{quiz_id}"
                          "/questions", json=stray.params,
                          headers={"Authorization": f"Bearer {teacher}"})
    clock = _Clock(the_stray_lands)
    monkeypatch.setattr(filling, "time", clock)
    sent_before = len(canvas.calls_to("POST", "/questions"))

    send_push(state, prepared)

    since = [c.params["question"]["question_name"].split()[0]
             for c in canvas.calls_to("POST", "/questions")[sent_before:]]
    assert since[0] == f"Q{missing}"  # the stray, landing while the retry waited
    assert since.count(f"Q{missing}") == 1  # and the retry did not send it again
    assert _labels(canvas.published_questions(quiz_id)) == LABELS
    assert 0 < clock.slept < 1


def test_a_question_that_never_lands_is_sent_again_after_lms_timeout(
        app, canvas, lms_token, monkeypatch):
    state, prepared, quiz_id, missing = _half_built_with_one_in_flight(app, canvas, lms_token)
    clock = _Clock()
    monkeypatch.setattr(filling, "time", clock)
    sent_before = len(canvas.calls_to("POST", "/questions"))

    send_push(state, prepared)

    since = [c.params["question"]["question_name"].split()[0]
             for c in canvas.calls_to("POST", "/questions")[sent_before:]]
    assert f"Q{missing}" in since

    assert _labels(canvas.published_questions(quiz_id)) == LABELS
    timeout = state.config.timeout
    assert timeout - filling.SETTLE_POLL <= clock.slept <= timeout
