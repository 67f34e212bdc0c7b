"""Fault injection and the record of calls, like the reference LMS's."""

from __future__ import annotations

import pytest
import requests


def test_fail_next_answers_status_with_headers_once(canvas, api):
    canvas.fail_next(503, headers={"Retry-After": "2"})

    failed, then = api.get("/api/v1/users/self"), api.get("/api/v1/users/self")

    assert (failed.status_code, failed.headers["Retry-After"]) == (503, "2")
    assert failed.json() == {"errors": [{"message": "injected 503"}]}
    assert then.status_code == 200


def test_a_fault_can_target_a_path_and_method(canvas, api, course_id):
    canvas.fail_next(500, path="/questions", method="POST")

    assert api.get("/api/v1/users/self").status_code == 200
    quiz = api.post(f"/api/v1/courses/{course_id}/quizzes", data={"quiz[title]": "Q"}).json()
    answer = api.post(f"/api/v1/courses/{course_id}/quizzes/{quiz['id']}/questions",
                      data={"question[question_type]": "essay_question"})
    assert answer.status_code == 500


def test_rate_limit_next_refuses_like_the_throttle(canvas, api):
    canvas.rate_limit_next()

    refused = api.get("/api/v1/users/self")

    assert (refused.status_code, refused.text) == (403, "403 Forbidden (Rate Limit Exceeded)\n")


def test_timeout_next_raises_a_read_timeout_in_process(canvas, api):
    canvas.timeout_next()

    with pytest.raises(requests.ReadTimeout):
        api.get("/api/v1/users/self")


def test_refuse_next_raises_a_connection_error_and_is_not_recorded(canvas, api):
    canvas.refuse_next()

    with pytest.raises(requests.ConnectionError):
        api.get("/api/v1/users/self")
    assert canvas.calls == []


def test_after_processing_the_work_is_done_but_the_answer_lost(canvas, api, course_id):
    canvas.fail_next(502, path="/quizzes", method="POST", after_processing=True)

    answer = api.post(f"/api/v1/courses/{course_id}/quizzes", data={"quiz[title]": "Lost"})

    assert answer.status_code == 502
    assert [q["title"] for q in canvas.quizzes.values()] == ["Lost"]


def test_every_call_is_recorded_with_its_parameters(canvas, api, course_id):
    api.post(f"/api/v1/courses/{course_id}/quizzes", data={"quiz[title]": "Cells"})

    (call,) = canvas.calls_to("POST", "/quizzes")

    assert call.path == f"/api/v1/courses/{course_id}/quizzes"
    assert call.params == {"quiz": {"title": "Cells"}}


@pytest.fixture(params=["fake_canvas", "live_canvas"])
def either_canvas(request):
    return request.getfixturevalue(request.param)


def test_a_silent_canvas_is_a_read_timeout_on_both_doubles(either_canvas):
    token = either_canvas.add_user("Ada")
    either_canvas.timeout_next()

    with pytest.raises(requests.ReadTimeout):
        requests.get(either_canvas.base_url + "/api/v1/users/self", timeout=(1, 1),
                     headers={"Authorization": f"Bearer {token}"})


def test_silence_shorter_than_the_clients_wait_drops_the_connection_on_both_doubles(
        either_canvas):
    token = either_canvas.add_user("Ada")
    either_canvas.timeout_next(seconds=0.2)

    with pytest.raises(requests.ConnectionError) as raised:
        requests.get(either_canvas.base_url + "/api/v1/users/self", timeout=(1, 3),
                     headers={"Authorization": f"Bearer {token}"})
    assert not isinstance(raised.value, requests.ReadTimeout)
