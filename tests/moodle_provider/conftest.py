"""The example host app with LMS_PROVIDER moodle, against the Moodle double."""

from __future__ import annotations

from typing import Any

import pytest
from host_app import create_app, lms_export

BEARER = {"Authorization": "Bearer demo-teacher-token"}
PASSWORD = "Teach3r!pass"
#: The sample course's assets (examples/sample_content.py): two question sets and a page.
QUIZ, PAPER, NOTES = "photosynthesis-quiz", "term-paper", "lesson-notes"
ALL_ASSETS = [QUIZ, PAPER, NOTES]


@pytest.fixture
def moodle(request):
    """The Moodle double: ``live_moodle`` for tests marked ``live_lms``, else ``fake_moodle``."""
    marked_live = request.node.get_closest_marker("live_lms") is not None
    return request.getfixturevalue("live_moodle" if marked_live else "fake_moodle")


@pytest.fixture
def manager(moodle) -> int:
    """A category manager: may create courses in category 1 and enrol users there."""
    return moodle.add_user("ada", PASSWORD, fullname="Ada Lovelace", manager_of=[1])


@pytest.fixture
def moodle_config(moodle) -> dict[str, Any]:
    return {"LMS_BASE_URL": moodle.base_url, "LMS_PROVIDER": "moodle",
            "LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}


@pytest.fixture
def app(moodle_config):
    return create_app(moodle_config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def lms_token(client, manager) -> str:
    """The manager's token after a login through the extension (so it sits in the store)."""
    answer = client.post("/api/login-lms", headers=BEARER,
                         json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 200, answer.json
    return answer.json["data"]["token"]


def push(client, lms_token: str, course_id: str = "bio-101", *,
         headers: dict[str, str] | None = None, **body: Any):
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": lms_token, **(headers or {})})


def state_of(app):
    return lms_export.state(app)
