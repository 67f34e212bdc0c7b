"""OAuth2 (oauth/) and the provider together: a connected teacher pushes; an hour later the
access token has expired and the push still lands, refreshed behind the same handle."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from host_app import create_app

from .conftest import BEARER, NOTES, QUIZ, push

REDIRECT_URI = "https://frontend.example.test/index.html"


@pytest.fixture
def oauth_client(canvas, canvas_config, teacher):
    client_id, client_secret = canvas.add_developer_key(REDIRECT_URI)
    return create_app({**canvas_config, "LMS_CANVAS_CLIENT_ID": client_id,
                       "LMS_CANVAS_CLIENT_SECRET": client_secret,
                       "LMS_CANVAS_REDIRECT_URI": REDIRECT_URI,
                       "SECRET_KEY": "test-secret-key-for-sealing"}).test_client()


def connect(client) -> str:
    """Start, approve on the double's consent page, finish: the handle the frontend keeps."""
    started = client.post("/api/lms-oauth/start", headers=BEARER).json["authorization_url"]
    redirect = requests.get(started, allow_redirects=False)
    answer = {name: values[0] for name, values in
              parse_qs(urlsplit(redirect.headers["Location"]).query).items()}
    finished = client.post("/api/lms-oauth/finish", headers=BEARER, json=answer)
    assert finished.status_code == 200, finished.json
    return finished.json["data"]["token"]


def test_a_teacher_connected_with_oauth_pushes_and_an_hour_later_still_can(oauth_client,
                                                                           canvas):
    handle = connect(oauth_client)
    first = push(oauth_client, handle, asset_names=[NOTES])
    canvas.clock.advance(3601)  # the access token behind the handle has expired

    later = push(oauth_client, handle, asset_names=[QUIZ])

    assert (first.status_code, later.status_code) == (200, 200)
    refreshes = [c for c in canvas.calls_to("POST", "/login/oauth2/token")
                 if c.params.get("grant_type") == "refresh_token"]
    assert len(refreshes) == 1
    assert all(handle not in c.headers.get("Authorization", "") for c in canvas.calls)
