"""OAuth2 with a developer key: auth redirect, code exchange, refresh, one-hour access tokens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

REDIRECT = "https://host.example.test/lms/oauth/callback"


@pytest.fixture
def developer_key(canvas):
    return canvas.add_developer_key(REDIRECT)


def authorize(canvas, client_id, **extra) -> requests.Response:
    params = {"client_id": client_id, "response_type": "code", "redirect_uri": REDIRECT,
              "state": "s-123", **extra}
    return requests.get(canvas.base_url + "/login/oauth2/auth", params=params,
                        allow_redirects=False)


def exchange(canvas, developer_key, **fields) -> requests.Response:
    client_id, secret = developer_key
    return requests.post(canvas.base_url + "/login/oauth2/token", data={
        "client_id": client_id, "client_secret": secret, "redirect_uri": REDIRECT, **fields})


def code_from(answer: requests.Response) -> str:
    return parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]


def test_auth_redirects_back_with_code_and_state(canvas, teacher, developer_key):
    answer = authorize(canvas, developer_key[0])

    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert parse_qs(location.query)["state"] == ["s-123"]
    assert parse_qs(location.query)["code"][0]


def test_a_code_buys_an_access_token_that_works_and_expires_in_an_hour(
        canvas, teacher, developer_key):
    code = code_from(authorize(canvas, developer_key[0]))

    grant = exchange(canvas, developer_key, grant_type="authorization_code", code=code).json()

    assert (grant["token_type"], grant["expires_in"]) == ("Bearer", 3600)
    assert grant["refresh_token"]
    me = requests.get(canvas.base_url + "/api/v1/users/self",
                      headers={"Authorization": f"Bearer {grant['access_token']}"})
    assert me.json()["name"] == "Ada Teacher"


def test_a_code_works_only_once(canvas, teacher, developer_key):
    code = code_from(authorize(canvas, developer_key[0]))
    exchange(canvas, developer_key, grant_type="authorization_code", code=code)

    again = exchange(canvas, developer_key, grant_type="authorization_code", code=code)

    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_an_access_token_expires_after_an_hour_and_a_refresh_token_renews_it(
        canvas, teacher, developer_key):
    code = code_from(authorize(canvas, developer_key[0]))
    grant = exchange(canvas, developer_key, grant_type="authorization_code", code=code).json()
    canvas.clock.advance(3601)

    expired = requests.get(canvas.base_url + "/api/v1/users/self",
                           headers={"Authorization": f"Bearer {grant['access_token']}"})
    renewed = exchange(canvas, developer_key, grant_type="refresh_token",
                       refresh_token=grant["refresh_token"]).json()

    assert expired.status_code == 401
    assert expired.headers["WWW-Authenticate"] == 'Bearer realm="canvas-lms"'
    assert "refresh_token" not in renewed
    assert requests.get(canvas.base_url + "/api/v1/users/self", headers={
        "Authorization": f"Bearer {renewed['access_token']}"}).status_code == 200


def test_a_wrong_client_secret_is_invalid_client(canvas, teacher, developer_key):
    code = code_from(authorize(canvas, developer_key[0]))

    answer = exchange(canvas, (developer_key[0], "wrong"), grant_type="authorization_code",
                      code=code)

    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")


def test_a_redirect_uri_other_than_the_keys_is_refused(canvas, teacher, developer_key):
    answer = authorize(canvas, developer_key[0], redirect_uri="https://evil.example/cb")

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


def test_a_denied_authorization_redirects_with_access_denied(canvas, teacher, developer_key):
    canvas.deny_authorization = True

    answer = authorize(canvas, developer_key[0])

    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert (query["error"], query["state"]) == (["access_denied"], ["s-123"])


def test_the_browser_user_is_who_authorizes(canvas, teacher, developer_key):
    other = canvas.add_user("Bo Teacher")
    canvas.browser_user = canvas.user_id(other)
    code = code_from(authorize(canvas, developer_key[0]))

    grant = exchange(canvas, developer_key, grant_type="authorization_code", code=code).json()

    assert grant["user"]["name"] == "Bo Teacher"


def test_a_code_expires_after_ten_minutes(canvas, teacher, developer_key):
    code = code_from(authorize(canvas, developer_key[0]))
    canvas.clock.advance(601)

    late = exchange(canvas, developer_key, grant_type="authorization_code", code=code)

    assert (late.status_code, late.json()["error"]) == (400, "invalid_grant")
