"""Connections and states in a token store several workers share: Redis, and races on a state."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from host_app import create_app
from servers import redis_server, require_module

from lms_export_blueprint.oauth.states import AuthorizationStates

from .conftest import canvas_answer, finish, start, users_self


@pytest.fixture(scope="module")
def redis_url():
    require_module("redis")
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_config(oauth_config, redis_url):
    return {**oauth_config, "LMS_TOKEN_CACHE_TYPE": "RedisCache",
            "LMS_TOKEN_CACHE_REDIS_URL": redis_url,
            "LMS_TOKEN_CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}:"}


def oauth_of(app):
    return app.extensions["lms_export"].state(app).oauth


@pytest.mark.redis
def test_a_connection_made_in_one_worker_is_refreshed_in_another(redis_config, canvas,
                                                                canvas_teacher):
    first, second = create_app(redis_config), create_app(redis_config)
    answer = canvas_answer(start(first.test_client()))
    handle = finish(second.test_client(), answer).json["data"]["token"]  # state crossed over
    canvas.clock.advance(3601)

    renewed = oauth_of(second).refresh(handle)

    assert oauth_of(first).access_token_for(handle) == renewed
    assert users_self(canvas, renewed).status_code == 200


@pytest.mark.redis
def test_one_state_raced_by_many_finishes_is_taken_once_on_redis(redis_config, canvas_teacher):
    app = create_app(redis_config)
    assert taken_by_racers(app) == ["teacher-1"]


def test_one_state_raced_by_many_finishes_is_taken_once_in_memory(app):
    assert taken_by_racers(app) == ["teacher-1"]


def taken_by_racers(app, racers: int = 16) -> list[str]:
    states = AuthorizationStates(app.extensions["lms_export"].state(app).tokens.cache)
    state = states.issue("teacher-1")
    with ThreadPoolExecutor(racers) as pool:
        owners = list(pool.map(lambda _: states.consume(state), range(racers)))
    return [owner for owner in owners if owner is not None]
