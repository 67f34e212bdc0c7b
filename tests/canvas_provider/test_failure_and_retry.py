"""A quiz is never left half built; the error says what landed; a retry sends only the rest."""

from __future__ import annotations

import json

import pytest
from host_app import create_app

from lms_export_blueprint.errors import LMSTimeout
from lms_export_blueprint.export import prepare_push, send_push
from lms_export_blueprint.providers.ledger import LEDGER_PREFIX

from .conftest import BEARER, NOTES, PAPER, QUIZ, push, state_of

KEY = {"Idempotency-Key": "push-1"}


def test_a_question_that_fails_for_good_deletes_its_quiz(client, canvas, lms_token):
    canvas.fail_next(400, path="/questions", method="POST")

    answer = push(client, lms_token, asset_names=[QUIZ])

    assert answer.status_code == 502
    assert canvas.quizzes == {}
    assert len(canvas.calls_to("DELETE", "/quizzes/")) == 1


def test_a_new_quiz_whose_item_fails_is_deleted_too(canvas_config, canvas):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = "new"
    client = create_app(canvas_config).test_client()
    token = canvas.add_user("T", admin_of=[canvas.account_id])
    token = client.post("/api/login-lms", headers=BEARER,
                        json={"access_token": token}).json["data"]["token"]
    canvas.fail_next(500, path="/items", method="POST")

    answer = push(client, token, asset_names=[QUIZ])

    assert answer.status_code == 502
    assert canvas.new_quizzes == {}


def test_the_error_names_the_asset_and_lists_each_assets_status(client, canvas, lms_token):
    canvas.fail_next(400, path="/pages", method="POST",
                     body=json.dumps({"errors": [{"message": "Page body too long"}]}),
                     headers={"Content-Type": "application/json"})

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES, PAPER])

    assert answer.status_code == 502
    assert "Page body too long" in answer.json["detail"]
    assert f"asset '{NOTES}'" in answer.json["detail"]
    (quiz_id,) = canvas.quizzes
    assert answer.json["data"]["exported_assets"] == [
        {"asset_name": QUIZ, "lms_content_id": str(quiz_id), "status": "success"},
        {"asset_name": NOTES, "lms_content_id": None, "status": "failed"},
        {"asset_name": PAPER, "lms_content_id": None, "status": "skipped"},
    ]


def test_a_failed_course_creation_lists_every_asset_as_skipped(client, canvas, lms_token):
    canvas.fail_next(400, path="/courses", method="POST")

    answer = push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert [a["status"] for a in answer.json["data"]["exported_assets"]] == [
        "skipped", "skipped"]


def test_a_retry_with_the_same_key_sends_only_what_did_not_land(client, canvas, lms_token):
    canvas.fail_next(400, path="/pages", method="POST")
    failed = push(client, lms_token, asset_names=[QUIZ, PAPER, NOTES], headers=KEY)
    sent_before = len(canvas.calls)

    retried = push(client, lms_token, asset_names=[QUIZ, PAPER, NOTES], headers=KEY)

    assert (failed.status_code, retried.status_code) == (502, 200)
    landed = [a["lms_content_id"] for a in failed.json["data"]["exported_assets"][:2]]
    assert retried.json["data"]["lms_content_ids"][:2] == landed
    assert len(canvas.courses) == 1 and len(canvas.quizzes) == 2
    assert [(c.method, c.path.rsplit("/", 1)[-1]) for c in canvas.calls[sent_before:]] == [
        ("POST", "pages")]


def test_a_retry_without_the_key_is_a_new_push(client, canvas, lms_token):
    canvas.fail_next(400, path="/pages", method="POST")
    push(client, lms_token, asset_names=[QUIZ, NOTES])

    push(client, lms_token, asset_names=[QUIZ, NOTES])

    assert len(canvas.courses) == 2


def test_the_ledger_lives_in_the_token_stores_cache_under_the_scoped_key(app, client, canvas,
                                                                         lms_token):
    push(client, lms_token, asset_names=[NOTES], headers=KEY)

    cache = state_of(app).tokens.cache
    keys = [key for key in cache.cache._cache if LEDGER_PREFIX in key]
    assert len(keys) == 1
    assert "push-1" not in keys[0]  # the scoped key is a hash of user and client key


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing of ours runs after it (no except LMSError clause)."""


def _job(app, client, lms_token, **body):
    """What a background job does: prepare once, then send (maybe again after a crash)."""
    state = state_of(app)
    with app.test_request_context():
        return state, prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=lms_token, idempotency_key="job-1",
            push={"asset_names": [QUIZ, NOTES], "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": None, **body})


def kill_after(calls: int):
    def progress(done: int, total: int) -> None:
        if done >= calls:
            raise WorkerKilled()
    return progress


@pytest.mark.parametrize("killed_after", [1, 2, 5])
def test_a_job_retried_after_its_worker_died_never_makes_a_second_course_or_quiz(
        app, client, canvas, lms_token, killed_after):
    state, prepared = _job(app, client, lms_token)
    with pytest.raises(WorkerKilled):
        send_push(state, prepared, progress=kill_after(killed_after))

    result = send_push(state, prepared)

    assert len(canvas.courses) == 1 and len(canvas.quizzes) == 1
    (quiz_id,) = canvas.quizzes
    assert result["data"]["lms_content_ids"][0] == str(quiz_id)
    assert len(canvas.published_questions(quiz_id)) == 7


def test_a_quiz_whose_create_landed_unanswered_is_found_and_finished_not_doubled(
        app, client, canvas, lms_token):
    state, prepared = _job(app, client, lms_token)
    canvas.timeout_next(path="/quizzes", method="POST", after_processing=True)
    canvas.fail_next(500, path="/quizzes", method="GET", times=20)  # and it cannot look now
    with pytest.raises(LMSTimeout):
        send_push(state, prepared)
    canvas.faults.clear()

    send_push(state, prepared)

    assert len(canvas.quizzes) == 1
    (quiz_id,) = canvas.quizzes
    assert len(canvas.questions(quiz_id)) == 7


def test_a_course_whose_create_landed_unanswered_is_found_not_doubled(app, client, canvas,
                                                                       lms_token):
    state, prepared = _job(app, client, lms_token)
    canvas.timeout_next(path="/courses", method="POST", after_processing=True)
    canvas.fail_next(500, path="/api/v1/courses", method="GET", times=20)
    with pytest.raises(LMSTimeout):
        send_push(state, prepared)
    canvas.faults.clear()

    result = send_push(state, prepared)

    (course_id,) = canvas.courses
    assert result["data"]["lms_course_id"] == str(course_id)


def test_a_half_built_quiz_that_could_not_be_deleted_is_deleted_by_the_retry(client, canvas,
                                                                             lms_token):
    canvas.fail_next(400, path="/questions", method="POST")
    canvas.fail_next(500, path="/quizzes/", method="DELETE", times=10)
    failed = push(client, lms_token, asset_names=[QUIZ], headers=KEY)
    assert (failed.status_code, len(canvas.quizzes)) == (502, 1)  # left half built, for now
    canvas.faults.clear()

    retried = push(client, lms_token, asset_names=[QUIZ], headers=KEY)

    (quiz_id,) = canvas.quizzes
    assert retried.json["data"]["lms_content_ids"] == [str(quiz_id)]
    assert len(canvas.questions(quiz_id)) == 7


#: Per engine: the quizzes in the double, a quiz's questions, and where its publish goes.
ENGINES = {
    "classic": (lambda canvas: canvas.quizzes, lambda canvas, i: canvas.questions(i), "/quizzes/"),
    "new": (lambda canvas: canvas.new_quizzes, lambda canvas, i: canvas.items(i),
            "/assignments/"),
}


@pytest.fixture(params=sorted(ENGINES))
def engine(request, canvas_config):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = request.param
    return ENGINES[request.param]


def test_a_failed_publish_keeps_the_whole_quiz_and_the_retry_only_publishes_it(
        engine, client, canvas, lms_token):
    quizzes, questions, publish_path = engine
    canvas.fail_next(400, path=publish_path, method="PUT")
    failed = push(client, lms_token, asset_names=[QUIZ], headers=KEY, publish=True)
    (quiz_id,) = quizzes(canvas)
    assert failed.status_code == 502
    assert failed.json["data"]["exported_assets"][0]["status"] == "failed"
    assert (quizzes(canvas)[quiz_id]["published"], len(questions(canvas, quiz_id))) == (False, 7)
    sent_before = len(canvas.calls)

    retried = push(client, lms_token, asset_names=[QUIZ], headers=KEY, publish=True)

    assert retried.status_code == 200
    assert retried.json["data"]["lms_content_ids"] == [str(quiz_id)]
    assert [(c.method, publish_path in c.path) for c in canvas.calls[sent_before:]
            if c.method != "GET"] == [("PUT", True)]
    assert list(quizzes(canvas)) == [quiz_id] and quizzes(canvas)[quiz_id]["published"] is True
    assert len(questions(canvas, quiz_id)) == 7
