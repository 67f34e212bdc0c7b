"""The Google double's OAuth 2.0 endpoints, as Google's web-server flow describes them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

REDIRECT = "https://app.example.edu/google/callback"
SCOPES = "https://www.googleapis.com/auth/classroom.courses"


def consent(google, client_id, **extra):
    answer = requests.get(google.base_url + "/o/oauth2/v2/auth", allow_redirects=False,
                          params={"client_id": client_id, "redirect_uri": REDIRECT,
                                  "response_type": "code", "scope": SCOPES, "state": "s1",
                                  **extra}, timeout=5)
    return answer, parse_qs(urlsplit(answer.headers.get("Location", "")).query)


def test_offline_access_gives_a_refresh_token_that_refreshes(fake_google):
    fake_google.add_user("Ada Teacher")
    client_id, secret = fake_google.add_oauth_client(REDIRECT)
    answer, params = consent(fake_google, client_id, access_type="offline")

    issued = requests.post(fake_google.base_url + "/token", timeout=5, data={
        "grant_type": "authorization_code", "code": params["code"][0],
        "client_id": client_id, "client_secret": secret, "redirect_uri": REDIRECT}).json()
    fresh = requests.post(fake_google.base_url + "/token", timeout=5, data={
        "grant_type": "refresh_token", "refresh_token": issued["refresh_token"],
        "client_id": client_id, "client_secret": secret}).json()

    assert answer.status_code == 302 and params["state"] == ["s1"]
    assert issued["token_type"] == "Bearer" and issued["scope"] == SCOPES
    assert fresh["access_token"] != issued["access_token"]
    assert "refresh_token" not in fresh


def test_a_code_is_single_use_and_a_wrong_secret_is_invalid_client(fake_google):
    fake_google.add_user("Ada Teacher")
    client_id, secret = fake_google.add_oauth_client(REDIRECT)
    _, params = consent(fake_google, client_id)
    form = {"grant_type": "authorization_code", "code": params["code"][0],
            "client_id": client_id, "client_secret": secret, "redirect_uri": REDIRECT}

    first = requests.post(fake_google.base_url + "/token", data=form, timeout=5)
    again = requests.post(fake_google.base_url + "/token", data=form, timeout=5)
    wrong = requests.post(fake_google.base_url + "/token", timeout=5,
                          data={**form, "client_secret": "nope"})

    assert "refresh_token" not in first.json()  # no access_type=offline
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")


def test_a_refused_consent_sends_access_denied_back(fake_google):
    fake_google.add_user("Ada Teacher")
    client_id, _ = fake_google.add_oauth_client(REDIRECT)
    fake_google.deny_authorization = True

    _, params = consent(fake_google, client_id)

    assert params == {"error": ["access_denied"], "state": ["s1"]}
