"""The retry ledger on Redis: a push one worker began, another finishes without doubling it."""

from __future__ import annotations

import uuid

import pytest
from host_app import create_app
from servers import redis_server, require_module

from lms_export_blueprint.export import prepare_push, send_push

from .conftest import NOTES, QUIZ, state_of
from .test_failure_and_retry import WorkerKilled, kill_after

pytestmark = pytest.mark.redis
require_module("redis")


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


def test_a_push_a_killed_worker_began_is_finished_by_another_without_a_second_quiz(
        canvas, canvas_config, teacher, redis_url):
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    config = {**canvas_config, "LMS_TOKEN_CACHE_TYPE": "RedisCache",
              "LMS_TOKEN_CACHE_REDIS_URL": redis_url, "LMS_TOKEN_CACHE_KEY_PREFIX": prefix}
    first, second = create_app(config), create_app(config)  # two workers, one Redis
    with first.test_request_context():
        prepared = prepare_push(
            state_of(first), user_id="teacher-1",
            course_id="bio-101", lms_token=teacher, idempotency_key="job-7",
            push={"asset_names": [QUIZ, NOTES], "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": None})
    with pytest.raises(WorkerKilled):
        send_push(state_of(first), prepared, progress=kill_after(4))

    result = send_push(state_of(second), prepared)

    assert len(canvas.courses) == 1 and len(canvas.quizzes) == 1
    (quiz_id,) = canvas.quizzes
    assert result["data"]["lms_content_ids"][0] == str(quiz_id)
    assert len(canvas.published_questions(quiz_id)) == 7
