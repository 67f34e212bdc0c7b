"""Several workers share one token store on Redis; with Redis down a push still works."""

from __future__ import annotations

import logging
import uuid

import pytest
import requests
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD
from host_app import create_app
from servers import free_port, host_app_process, redis_server, require_module
from test_faults import FAST

#: A Redis that does not answer must not hold a push for long.
REDIS_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}

pytestmark = [pytest.mark.live_lms, pytest.mark.redis]
require_module("redis")


@pytest.fixture(scope="session")
def redis_url():
    with redis_server() as url:
        yield url


def redis_config(lms, redis_url) -> dict:
    return {"LMS_BASE_URL": lms.base_url, "LMS_TOKEN_CACHE_TYPE": "RedisCache",
            "LMS_TOKEN_CACHE_REDIS_URL": redis_url,
            "LMS_TOKEN_CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}:",
            "LMS_TOKEN_CACHE_OPTIONS": REDIS_OPTIONS, "LMS_TIMEOUT": 5, "LMS_AUTH_TIMEOUT": 5}


def http_push(base_url: str, token: str) -> requests.Response:
    return requests.post(f"{base_url}/api/courses/bio-101/push-to-lms",
                         json={"asset_names": ["lesson-notes"]},
                         headers={**BEARER, "X-LMS-Token": token}, timeout=30)


def test_two_processes_share_one_validation(lms, redis_url):
    config = redis_config(lms, redis_url)
    token = lms.issue_token(TEACHER_EMAIL)  # the host apps have never seen it

    with host_app_process(config) as first, host_app_process(config) as second:
        statuses = [http_push(url, token).status_code for url in (first, second, first, second)]

    assert statuses == [200, 200, 200, 200]
    assert len(lms.calls_to("GET", "/auth/validate")) == 1
    assert len(lms.courses) == 4


def test_a_login_in_one_process_spares_the_other_a_validation(lms, redis_url):
    config = redis_config(lms, redis_url)

    with host_app_process(config) as first, host_app_process(config) as second:
        login = requests.post(f"{first}/api/login-lms", headers=BEARER, timeout=30,
                              json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
        pushed = http_push(second, login.json()["data"]["token"])

    assert (login.status_code, pushed.status_code) == (200, 200)
    assert lms.calls_to("GET", "/auth/validate") == []


@pytest.fixture(params=["stopped", "wrong-port"])
def dead_redis_url(request):
    if request.param == "wrong-port":
        return f"redis://127.0.0.1:{free_port()}/0"
    with redis_server() as url:
        pass  # started, then stopped
    return url


def test_with_redis_down_a_push_validates_with_the_lms_and_warns(lms, dead_redis_url, caplog):
    app = create_app({**redis_config(lms, dead_redis_url), **FAST})
    client = app.test_client()
    caplog.set_level(logging.WARNING, logger="lms_export_blueprint")

    login = client.post("/api/login-lms", headers=BEARER,
                        json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
    pushed = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": ["lesson-notes"]},
                         headers={**BEARER, "X-LMS-Token": login.json["data"]["token"]})

    assert (login.status_code, pushed.status_code) == (200, 200)
    assert len(lms.calls_to("GET", "/auth/validate")) == 1  # the store forgot; the LMS was asked
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("token store set failed" in w for w in warnings)
    assert any("token store get failed" in w for w in warnings)
