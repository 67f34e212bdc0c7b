"""The example host app with LMS_PROVIDER google, against the Google double."""

from __future__ import annotations

from typing import Any

import pytest
from host_app import COURSES, create_app

BEARER = {"Authorization": "Bearer demo-teacher-token"}

#: The sample course's assets (examples/sample_content.py): two question sets and a page.
QUIZ, PAPER, NOTES = "photosynthesis-quiz", "term-paper", "lesson-notes"
ALL_ASSETS = [QUIZ, PAPER, NOTES]


@pytest.fixture
def google(request):
    """The Google double: ``live_google`` for tests marked ``live_lms``, else ``fake_google``."""
    marked_live = request.node.get_closest_marker("live_lms") is not None
    return request.getfixturevalue("live_google" if marked_live else "fake_google")


@pytest.fixture
def teacher(google) -> str:
    """A Workspace for Education teacher's access token with every scope the app asks for."""
    return google.add_user("Ada Teacher", email="ada@school.example.edu")


@pytest.fixture
def google_config(google) -> dict[str, Any]:
    return {"LMS_BASE_URL": google.base_url, "LMS_PROVIDER": "google",
            "LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}


@pytest.fixture
def app(google_config):
    return create_app(google_config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def lms_token(client, teacher, google) -> str:
    """The teacher's token after a login through the extension; the double's ``calls`` start
    empty after it, so a test counts only its push."""
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": teacher})
    assert answer.status_code == 200, answer.json
    google.calls.clear()
    return answer.json["data"]["token"]


@pytest.fixture
def add_asset(monkeypatch):
    """Put an asset into the sample course for one test: ``add_asset(name, type, content)``."""
    def add(name: str, content: Any, asset_type: str = "quiz") -> str:
        monkeypatch.setitem(COURSES["bio-101"]["assets"], name, {
            "asset_name": name, "asset_type": asset_type, "asset_content": content,
            "asset_last_updated_at": None, "asset_last_updated_by": None})
        return name
    return add


def push(client, lms_token: str, course_id: str = "bio-101", *,
         headers: dict[str, str] | None = None, **body: Any):
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": lms_token, **(headers or {})})


def form_of(google, course_id: str, work_id: str) -> dict[str, Any]:
    """The form a coursework hands out (its material, upgraded from the link)."""
    work = google.course_work[course_id][work_id]
    url = work["materials"][0]["form"]["formUrl"]
    form = google.form_at(url)
    assert form is not None
    return form
