"""Shared fixtures: the example host app wired to the fake or the live reference LMS, and the
Canvas double with a teacher for the Canvas tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "examples"))

from host_app import create_app, lms_export

from lms_export_blueprint.export import RUNNING_PREFIX

TEACHER_EMAIL = "teacher@example.edu"
TEACHER_PASSWORD = "s3cret-Pa55word"
HOST_TOKEN = "demo-teacher-token"
OTHER_HOST_TOKEN = "demo-student-token"
BEARER = {"Authorization": f"Bearer {HOST_TOKEN}"}
ALL_ASSETS = ["photosynthesis-quiz", "term-paper", "lesson-notes"]


@pytest.fixture
def lms(request):
    """The reference LMS with the teacher's account: in-process (``fake_lms``), or on a real
    HTTP server (``live_lms``) for tests marked ``live_lms``."""
    marked_live = request.node.get_closest_marker("live_lms") is not None
    double = request.getfixturevalue("live_lms" if marked_live else "fake_lms")
    double.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    return double


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Fast retries so failure tests stay quick; tests override keys as they need."""
    return {"LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}


@pytest.fixture
def app(lms, app_config):
    return create_app({"LMS_BASE_URL": lms.base_url, **app_config})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def lms_token(client) -> str:
    """A token from a real login through the extension (so it sits in the token store)."""
    response = client.post("/api/login-lms", headers=BEARER,
                           json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
    assert response.status_code == 200, response.json
    return response.json["data"]["token"]


@pytest.fixture
def canvas(request):
    """The Canvas double: ``live_canvas`` for tests marked ``live_lms``, else ``fake_canvas``."""
    marked_live = request.node.get_closest_marker("live_lms") is not None
    return request.getfixturevalue("live_canvas" if marked_live else "fake_canvas")


@pytest.fixture
def teacher(canvas) -> str:
    """A personal access token of a teacher who may create courses in the default account."""
    return canvas.add_user("Ada Teacher", email="ada@example.edu", admin_of=[canvas.account_id])


@pytest.fixture
def canvas_config(canvas) -> dict[str, Any]:
    """The example host app's config for LMS_PROVIDER canvas, with fast retries."""
    return {"LMS_BASE_URL": canvas.base_url, "LMS_PROVIDER": "canvas",
            "LMS_CANVAS_ACCOUNT_ID": canvas.account_id, "LMS_RETRY_BACKOFF": 0.001,
            "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}


def push(client, lms_token: str | None, course_id: str = "bio-101", **body: Any):
    headers = dict(BEARER)
    if lms_token is not None:
        headers["X-LMS-Token"] = lms_token
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body, headers=headers)


def hold_every_push_claim(app) -> list[str]:
    """Stand in for a push running in another worker: every claim is found taken."""
    cache = lms_export.state(app).tokens.cache
    taken: list[str] = []
    real_add = cache.add

    def add(key, value, timeout=None):
        if key.startswith(RUNNING_PREFIX):
            taken.append(key)
            real_add(key, {"run": "another worker", "expires_at": value["expires_at"]},
                     timeout=timeout)
            return False
        return real_add(key, value, timeout=timeout)
    cache.add = add
    return taken
