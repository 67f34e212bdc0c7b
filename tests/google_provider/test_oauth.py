"""Connecting Google with OAuth2 on the shared flow: the fewest scopes, offline access, and an
expired access token refreshed without the teacher noticing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from host_app import create_app

from lms_export_blueprint.providers.google.oauth import SCOPES
from lms_export_blueprint.testing.google.schema import scopes

from .conftest import BEARER, NOTES, QUIZ, push

REDIRECT_URI = "https://frontend.example.test/index.html"
#: Every Google method the provider calls.
CALLED = ("classroom.userProfiles.get", "classroom.courses.create", "classroom.courses.get",
          "classroom.courses.topics.list", "classroom.courses.topics.create",
          "classroom.courses.courseWork.create", "classroom.courses.courseWork.list",
          "classroom.courses.courseWorkMaterials.create",
          "classroom.courses.courseWorkMaterials.list", "forms.forms.create",
          "forms.forms.get", "forms.forms.batchUpdate", "forms.forms.setPublishSettings",
          "drive.files.create", "drive.files.update", "drive.files.list", "drive.files.delete")


@pytest.fixture
def oauth_client(google, google_config, teacher):
    client_id, client_secret = google.add_oauth_client(REDIRECT_URI)
    google.browser_user = google.user_id(teacher)
    return create_app({**google_config, "LMS_GOOGLE_CLIENT_ID": client_id,
                       "LMS_GOOGLE_CLIENT_SECRET": client_secret,
                       "LMS_GOOGLE_REDIRECT_URI": REDIRECT_URI,
                       "SECRET_KEY": "test-secret-key-for-sealing"}).test_client()


def connect(client) -> str:
    started = client.post("/api/lms-oauth/start", headers=BEARER).json["authorization_url"]
    redirect = requests.get(started, allow_redirects=False, timeout=5)
    answer = {name: values[0] for name, values in
              parse_qs(urlsplit(redirect.headers["Location"]).query).items()
              if name in ("code", "state", "error")}
    finished = client.post("/api/lms-oauth/finish", headers=BEARER, json=answer)
    assert finished.status_code == 200, finished.json
    return finished.json["data"]["token"]


def test_every_method_called_is_covered_by_one_of_the_scopes_asked_for():
    assert [method for method in CALLED if not set(scopes(method)) & set(SCOPES)] == []


def test_the_consent_page_asks_for_the_fewest_scopes_and_offline_access(oauth_client, google):
    url = oauth_client.post("/api/lms-oauth/start", headers=BEARER).json["authorization_url"]

    query = parse_qs(urlsplit(url).query)
    assert url.startswith(google.base_url + "/o/oauth2/v2/auth?")
    assert set(query["scope"][0].split()) == set(SCOPES)
    assert query["access_type"] == ["offline"]


def test_a_connected_teacher_pushes_and_an_hour_later_still_can(oauth_client, google):
    handle = connect(oauth_client)
    first = push(oauth_client, handle, asset_names=[NOTES])
    google.clock.advance(3601)  # the access token behind the handle has expired

    later = push(oauth_client, handle, asset_names=[QUIZ])

    assert (first.status_code, later.status_code) == (200, 200), later.json
    refreshes = [c for c in google.calls_to("POST", "/token")
                 if b"grant_type=refresh_token" in c.body]
    assert len(refreshes) == 1
    assert all(handle not in c.headers.get("Authorization", "") for c in google.calls)


def test_an_oauth_client_missing_a_key_or_the_secret_key_stops_the_start(google_config):
    with pytest.raises(RuntimeError, match="LMS_GOOGLE_REDIRECT_URI is not set"):
        create_app({**google_config, "LMS_GOOGLE_CLIENT_ID": "id",
                    "LMS_GOOGLE_CLIENT_SECRET": "secret", "SECRET_KEY": "k"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({**google_config, "LMS_GOOGLE_CLIENT_ID": "id",
                    "LMS_GOOGLE_CLIENT_SECRET": "secret",
                    "LMS_GOOGLE_REDIRECT_URI": REDIRECT_URI})
