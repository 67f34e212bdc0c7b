"""The example host app with LMS_PROVIDER canvas, against the Canvas double."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest
import requests
import sample_content
from host_app import create_app, lms_export

BEARER = {"Authorization": "Bearer demo-teacher-token"}

#: The sample course's assets (examples/sample_content.py): two question sets and a page.
QUIZ, PAPER, NOTES = "photosynthesis-quiz", "term-paper", "lesson-notes"
ALL_ASSETS = [QUIZ, PAPER, NOTES]


@pytest.fixture
def app(canvas_config):
    return create_app(canvas_config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def lms_token(client, teacher) -> str:
    """The teacher's token after a login through the extension (so it sits in the store)."""
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": teacher})
    assert answer.status_code == 200, answer.json
    return answer.json["data"]["token"]


def push(client, lms_token: str, course_id: str = "bio-101", *,
         headers: dict[str, str] | None = None, **body: Any):
    body.setdefault("asset_names", ALL_ASSETS)
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": lms_token, **(headers or {})})


def state_of(app):
    return lms_export.state(app)


def with_oauth(app, tokens) -> None:
    """What the OAuth2 helper does at init_app: the app's ``AppState.oauth``."""
    object.__setattr__(lms_export.state(app), "oauth", tokens)


@pytest.fixture
def api_for(canvas):
    """``api_for(token)``: a requests session to the double as that user (paths from /api)."""
    def session(token: str) -> requests.Session:
        class Api(requests.Session):
            def request(self, method, url, *args, **kwargs):  # type: ignore[override]
                return super().request(method, canvas.base_url + url, *args, **kwargs)
        api = Api()
        api.headers["Authorization"] = f"Bearer {token}"
        return api
    return session


PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
    "rkJggg==")
DATA_URI = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
DIAGRAM = b"%PDF-1.4 a diagram"


@pytest.fixture
def with_files(monkeypatch):
    """The sample quiz's first question and the notes show the same image; the notes link a
    diagram the host's file_loader has and a path it has not."""
    assets = sample_content.COURSES["bio-101"]["assets"]
    quiz = copy.deepcopy(assets[QUIZ])
    quiz["asset_content"]["questions"][0]["text"] = f'Which pigment? <img src="{DATA_URI}">'
    notes = copy.deepcopy(assets[NOTES])
    notes["asset_content"] = {"title": "Lesson notes", "format": "html", "body": (
        f'<p><img src="{DATA_URI}" alt="leaf"></p><p><a href="diagrams/cycle.pdf">Cycle</a>'
        '</p><p><img src="missing.png"></p><iframe src="https://video.example"></iframe>')}
    monkeypatch.setitem(assets, QUIZ, quiz)
    monkeypatch.setitem(assets, NOTES, notes)

    def file_loader(course_id, path):
        if (course_id, path) == ("bio-101", "diagrams/cycle.pdf"):
            return {"filename": "cycle.pdf", "content_type": "application/pdf",
                    "data": DIAGRAM}
        return None
    monkeypatch.setattr(lms_export.shared_loaders, "file", file_loader)
