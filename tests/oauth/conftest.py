"""The example host app with a Canvas developer key, against the Canvas double."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from conftest import BEARER
from host_app import create_app

REDIRECT_URI = "https://frontend.example.test/index.html"
SECRET_KEY = "test-secret-key-for-sealing"


@pytest.fixture
def canvas(fake_canvas):
    return fake_canvas


@pytest.fixture
def canvas_teacher(canvas) -> str:
    """A Canvas user, who approves on the double's authorize page (its first user)."""
    return canvas.add_user("Ada Teacher", email="ada@example.edu")


@pytest.fixture
def developer_key(canvas) -> tuple[str, str]:
    return canvas.add_developer_key(REDIRECT_URI)


@pytest.fixture
def oauth_config(canvas, developer_key) -> dict[str, Any]:
    client_id, client_secret = developer_key
    return {"LMS_BASE_URL": canvas.base_url, "LMS_PROVIDER": "canvas",
            "LMS_CANVAS_CLIENT_ID": client_id,
            "LMS_CANVAS_CLIENT_SECRET": client_secret, "LMS_CANVAS_REDIRECT_URI": REDIRECT_URI,
            "SECRET_KEY": SECRET_KEY, "TESTING": True, "LMS_RETRY_BACKOFF": 0.001}


@pytest.fixture
def app(oauth_config, canvas_teacher):
    return create_app(oauth_config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_state(app):
    return app.extensions["lms_export"].state(app)


@pytest.fixture
def oauth(app_state):
    return app_state.oauth


def start(client, headers=BEARER) -> str:
    answer = client.post("/api/lms-oauth/start", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json["authorization_url"]


def canvas_answer(authorization_url: str) -> dict[str, str]:
    """What the browser brings back from Canvas's consent page: the redirect's query."""
    redirect = requests.get(authorization_url, allow_redirects=False)
    assert redirect.status_code == 302, redirect.text
    return {name: values[0]
            for name, values in parse_qs(urlsplit(redirect.headers["Location"]).query).items()}


def finish(client, answer: dict[str, str], headers=BEARER):
    return client.post("/api/lms-oauth/finish", headers=headers, json=answer)


def connect(client) -> str:
    """A whole connection as the demo teacher; the X-LMS-Token the frontend gets."""
    answer = finish(client, canvas_answer(start(client)))
    assert answer.status_code == 200, answer.json
    return answer.json["data"]["token"]


def users_self(canvas, access_token: str) -> requests.Response:
    """The call every push makes first: who is this token's user."""
    return requests.get(canvas.base_url + "/api/v1/users/self",
                        headers={"Authorization": f"Bearer {access_token}"})
