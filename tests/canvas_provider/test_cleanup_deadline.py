"""A half-built quiz is deleted inside LMS_DEADLINE: the push stops sending questions early
enough to leave a reserve for it (issue 18 item 11). The clock is fake: each request Canvas
receives takes one second of it, so nothing here sleeps or depends on the machine's speed."""

from __future__ import annotations

import pytest
from host_app import create_app, lms_export

from lms_export_blueprint import retry
from lms_export_blueprint.errors import LMSTimeout
from lms_export_blueprint.export import prepare_push, send_push
from lms_export_blueprint.providers.canvas.quizzes import cleanup_reserve

from .conftest import BEARER, QUIZ

DEADLINE = 10.0  # a reserve of 2.5 s: question 7 would start with less than that left


class RequestClock(retry.Deadline):
    """A deadline whose time is the number of requests Canvas has received since it began."""

    def __init__(self, canvas, seconds: float) -> None:
        super().__init__(seconds)
        self.canvas, self.first = canvas, len(canvas.calls)

    def remaining(self) -> float:
        return self.seconds - (len(self.canvas.calls) - self.first)


@pytest.fixture(autouse=True)
def one_at_a_time(monkeypatch):
    """The request clock charges each request a second, as if they went one after another:
    so here they do (filling.py sends questions one at a time with one in flight)."""
    monkeypatch.setattr("lms_export_blueprint.providers.canvas.filling.IN_FLIGHT", 1)


@pytest.fixture
def app(canvas_config):
    return create_app({**canvas_config, "LMS_DEADLINE": DEADLINE, "LMS_TIMEOUT": 5})


def _send(app, canvas, teacher, clocks, key="push-1"):
    state = lms_export.state(app)
    with app.test_request_context():
        prepared = prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=teacher, idempotency_key=key,
            push={"asset_names": [QUIZ], "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": None})
    clock = RequestClock(canvas, DEADLINE)
    clocks.append(clock)
    token = retry._operation_deadline.set(clock)
    try:
        return send_push(state, prepared), clock
    finally:
        retry._operation_deadline.reset(token)


def test_the_reserve_is_a_part_of_the_deadline():
    assert cleanup_reserve(DEADLINE) == 2.5 and cleanup_reserve(600) == 10


def test_a_push_running_out_of_time_stops_early_and_deletes_its_quiz_in_time(app, canvas,
                                                                             teacher):
    clocks: list[RequestClock] = []
    with pytest.raises(LMSTimeout, match="stopped early") as failed:
        _send(app, canvas, teacher, clocks)

    assert canvas.quizzes == {}
    assert len(canvas.calls_to("DELETE", "/quizzes/")) == 1
    assert clocks[0].remaining() >= 0  # the delete, too, came within the deadline
    assert len(canvas.calls_to("POST", "/questions")) == 6
    assert failed.value.data["exported_assets"][0]["status"] == "failed"
    assert "not_cleaned" not in failed.value.data


def test_what_could_not_be_cleaned_is_named_and_left_for_the_retry(app, canvas, teacher):
    canvas.fail_next(500, path="/quizzes/", method="DELETE", times=20)
    with pytest.raises(LMSTimeout) as failed:
        _send(app, canvas, teacher, [])
    (quiz_id,) = canvas.quizzes
    assert failed.value.data["not_cleaned"] == [{"asset_name": QUIZ,
                                                 "lms_content_id": str(quiz_id)}]
    assert f"half-built quiz {quiz_id}" in failed.value.detail
    canvas.faults.clear()

    state = lms_export.state(app)
    with app.test_request_context():
        prepared = prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=teacher, idempotency_key="push-1",
            push={"asset_names": [QUIZ], "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": None})
    result = send_push(state, prepared)  # a whole deadline of real time: it finishes

    assert list(canvas.quizzes) == [quiz_id]
    assert result["data"]["lms_content_ids"] == [str(quiz_id)]
    assert len(canvas.published_questions(quiz_id)) == 7


def test_the_error_body_of_the_route_names_what_was_not_cleaned(app, canvas, teacher):
    client = app.test_client()
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": teacher}).json["data"]["token"]
    canvas.fail_next(400, path="/questions", method="POST")
    canvas.fail_next(500, path="/quizzes/", method="DELETE", times=20)

    answer = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": [QUIZ]},
                         headers={**BEARER, "X-LMS-Token": token})

    (quiz_id,) = canvas.quizzes
    assert answer.status_code == 502
    assert answer.json["data"]["not_cleaned"] == [{"asset_name": QUIZ,
                                                   "lms_content_id": str(quiz_id)}]
