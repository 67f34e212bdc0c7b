"""What a push owns (docs/failure-behaviour.md): a retry never deletes or adopts what the
extension did not make; a create answered 503 or not at all is sent again only after looking."""

from __future__ import annotations

import pytest
import requests

from lms_export_blueprint.errors import LMSTimeout
from lms_export_blueprint.export import prepare_push, send_push
from lms_export_blueprint.providers.canvas.courses import MARK_PREFIX

from .conftest import NOTES, QUIZ, push, state_of
from .test_failure_and_retry import WorkerKilled, kill_after


def _job(app, lms_token, lms_course_id=None, assets=(QUIZ,)):
    state = state_of(app)
    with app.test_request_context():
        return state, prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=lms_token, idempotency_key="tuesday",
            push={"asset_names": list(assets), "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": lms_course_id})


def _unanswered_and_unseen(canvas, path: str) -> None:
    """The create lands but its answer is lost, and looking for it fails too: the push ends
    with its record pending, for the retry."""
    canvas.timeout_next(path=path, method="POST", after_processing=True)
    canvas.fail_next(500, path=path, method="GET", times=50)


def test_tuesdays_retry_never_deletes_mondays_quiz_of_the_same_title(app, client, canvas,
                                                                      teacher, lms_token):
    """issue 17 item 1: quizzes.py deleted the newest quiz of that title."""
    course_id = canvas.add_course("Biology", teacher=teacher)
    monday = push(client, lms_token, asset_names=[QUIZ], lms_course_id=str(course_id))
    (monday_quiz,) = canvas.quizzes
    state, prepared = _job(app, lms_token, str(course_id))
    canvas.timeout_next(path="/quizzes", method="POST", after_processing=True)
    canvas.fail_next(500, path="/questions", method="GET", times=50)  # no look this time
    with pytest.raises(LMSTimeout):
        send_push(state, prepared)
    canvas.faults.clear()

    tuesday = send_push(state, prepared)

    assert monday.status_code == 200
    assert canvas.quizzes[monday_quiz]["published"] is True
    assert len(canvas.questions(monday_quiz)) == 7
    assert canvas.calls_to("DELETE", "/quizzes/") == []
    (tuesday_quiz,) = set(canvas.quizzes) - {monday_quiz}  # the one the first attempt made
    assert tuesday["data"]["lms_content_ids"] == [str(tuesday_quiz)]
    assert len(canvas.published_questions(tuesday_quiz)) == 7


def test_a_retry_never_adopts_a_teachers_course_of_the_same_name(app, canvas, teacher,
                                                                 lms_token):
    """issue 17 item 1: courses.py adopted the newest same-named course of any age."""
    state, prepared = _job(app, lms_token)
    canvas.timeout_next(path="/courses", method="POST")  # lost before Canvas saw it
    canvas.fail_next(500, path="/api/v1/courses", method="GET", times=50)
    with pytest.raises(LMSTimeout):
        send_push(state, prepared)
    canvas.faults.clear()
    teachers_own = canvas.add_course("Biology 101", teacher=teacher)  # same name, newer

    result = send_push(state, prepared)

    created = int(result["data"]["lms_course_id"])
    assert created != teachers_own
    assert canvas.courses[created]["course_code"].startswith(MARK_PREFIX)
    assert canvas.quizzes and {q["course_id"] for q in canvas.quizzes.values()} == {created}
    assert len(canvas.courses) == 2


def test_a_course_whose_create_landed_unanswered_is_adopted_by_its_mark(app, canvas, teacher,
                                                                        lms_token):
    state, prepared = _job(app, lms_token)
    _unanswered_and_unseen(canvas, "/courses")
    with pytest.raises(LMSTimeout):
        send_push(state, prepared)
    canvas.faults.clear()
    canvas.add_course("Biology 101", teacher=teacher)  # the teacher's, newer still

    result = send_push(state, prepared)

    (marked,) = [c["id"] for c in canvas.courses.values()
                 if c["course_code"].startswith(MARK_PREFIX)]
    assert result["data"]["lms_course_id"] == str(marked)
    assert len(canvas.courses) == 2


@pytest.mark.parametrize("path", ["/courses", "/quizzes", "/questions", "/pages"])
def test_a_create_answered_503_after_canvas_made_it_is_not_made_twice(client, canvas,
                                                                      lms_token, path):
    """issue 18 item 7: a 503 on a create was resent blindly (8 questions instead of 7)."""
    canvas.fail_next(503, path=path, method="POST", after_processing=True)

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert answer.status_code == 200, answer.json
    (course_id,) = canvas.courses
    (quiz_id,) = canvas.quizzes
    assert len(canvas.questions(quiz_id)) == 7
    assert len(canvas.pages[course_id]) == 1


@pytest.mark.parametrize("path", ["/courses", "/quizzes", "/questions", "/pages"])
def test_a_create_answered_503_that_canvas_did_not_make_is_sent_again(client, canvas,
                                                                      lms_token, path):
    canvas.fail_next(503, path=path, method="POST")

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert answer.status_code == 200, answer.json
    (course_id,) = canvas.courses
    (quiz_id,) = canvas.quizzes
    assert len(canvas.questions(quiz_id)) == 7
    assert len(canvas.pages[course_id]) == 1


def test_a_quiz_half_built_by_a_killed_run_is_finished_not_rebuilt(app, canvas, lms_token):
    state, prepared = _job(app, lms_token)
    with pytest.raises(WorkerKilled):
        send_push(state, prepared, progress=kill_after(5))  # course, quiz, 3 questions
    (quiz_id,) = canvas.quizzes
    # the questions in flight when the worker died land too (they went at once)
    assert 3 <= len(canvas.questions(quiz_id)) <= 7

    result = send_push(state, prepared)

    assert list(canvas.quizzes) == [quiz_id]
    assert result["data"]["lms_content_ids"] == [str(quiz_id)]
    published = canvas.published_questions(quiz_id)
    assert [q["question_name"].split()[0] for q in published] == [f"Q{n}" for n in range(1, 8)]
    assert len(canvas.calls_to("POST", "/questions")) == 7  # none sent twice
    assert canvas.calls_to("DELETE", "/quizzes/") == []


def test_two_quizzes_that_could_be_the_unanswered_create_are_named_never_taken(
        app, canvas, teacher, lms_token):
    state, prepared = _job(app, lms_token)
    canvas.timeout_next(path="/quizzes", method="POST", after_processing=True)
    canvas.fail_next(500, path="/quizzes", method="GET", times=50)
    with pytest.raises(LMSTimeout):
        send_push(state, prepared)
    canvas.faults.clear()
    (course_id,) = canvas.courses
    (first,) = canvas.quizzes
    requests.post(f"{canvas.base_url}/api/v1/courses/{course_id}/quizzes",
                  json={"quiz": {"title": canvas.quizzes[first]["title"]}},
                  headers={"Authorization": f"Bearer {teacher}"})  # someone's, same title

    result = send_push(state, prepared)

    assert len(canvas.quizzes) == 3
    (built,) = [q for q in canvas.quizzes if canvas.questions(q)]
    assert result["data"]["lms_content_ids"] == [str(built)]
    (warning,) = result["data"]["warnings"]
    assert str(first) in warning and "none was taken over" in warning
