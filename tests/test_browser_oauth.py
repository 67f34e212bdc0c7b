"""Connect Canvas in headless Chromium: the example frontend, the host app and live_canvas."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from browser_support import RequestLog, launch_browser, serving
from conftest import HOST_TOKEN, OTHER_HOST_TOKEN
from cross_origin_demo import FrontendServer
from host_app import canvas_oauth_config, create_app

pytestmark = pytest.mark.browser

browser = pytest.fixture(launch_browser)


@pytest.fixture
def frontend():
    server = FrontendServer().start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def canvas(live_canvas):
    live_canvas.add_user("Ada Teacher", email="ada@example.edu")  # approves the consent page
    return live_canvas


@pytest.fixture
def app(canvas, frontend):
    client_id, secret = canvas.add_developer_key(f"{frontend.origin}/index.html")
    return create_app(canvas_oauth_config(canvas.base_url, client_id, secret, frontend.origin,
                                          secret_key="browser-test-secret"))


def as_the_provider_calls_canvas(canvas, oauth, lms_token: str) -> requests.Response:
    """``GET /api/v1/users/self`` as the Canvas provider sends each call: with the access token
    behind the frontend's token, refreshed and retried once after a 401 with WWW-Authenticate."""
    def call(access_token: str) -> requests.Response:
        return requests.get(f"{canvas.base_url}/api/v1/users/self",
                            headers={"Authorization": f"Bearer {access_token}"})

    answer = call(oauth.access_token_for(lms_token))
    if answer.status_code == 401 and "WWW-Authenticate" in answer.headers:
        renewed = oauth.refresh(lms_token)
        if renewed is not None:
            answer = call(renewed)
    return answer


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def connect_in_the_browser(browser, frontend, host_url: str):
    page = browser.new_page()
    page.goto(f"{frontend.origin}/index.html?api={host_url}")
    with page.expect_popup():
        page.click("#connect-canvas-button")
    page.wait_for_selector('#login-result:not([data-state="busy"])', timeout=20_000)
    return page


def canvas_answers(urls: list[str], frontend) -> list[dict[str, list[str]]]:
    """The queries Canvas sent the popup back with."""
    return [parse_qs(urlsplit(url).query) for url in urls
            if url.startswith(f"{frontend.origin}/index.html?") and "state=" in url]


def test_a_teacher_connects_canvas_and_calls_keep_working_past_the_hour(browser, canvas,
                                                                       frontend, app):
    oauth = app.extensions["lms_export"].state(app).oauth
    requests_made = RequestLog(browser)

    with serving(app) as host_url:
        page = connect_in_the_browser(browser, frontend, host_url)
        status = page.inner_text("#login-result")
        lms_token = page.evaluate("lmsToken")

        works_now = as_the_provider_calls_canvas(canvas, oauth, lms_token)
        canvas.clock.advance(3601)  # the access token's hour is over
        works_later = as_the_provider_calls_canvas(canvas, oauth, lms_token)
        still_held = page.evaluate("lmsToken")
        push_enabled = page.is_enabled("#push-button")

    assert status == "Successfully logged into LMS as Ada Teacher (Canvas)"
    assert works_now.status_code == 200 and works_now.json()["name"] == "Ada Teacher"
    assert works_later.status_code == 200
    assert still_held == lms_token and push_enabled
    assert [call.params["grant_type"] for call in canvas.calls_to("POST", "/login/oauth2/token")
            ] == ["authorization_code", "refresh_token"]
    assert requests_made.off_loopback() == []


def test_a_state_the_browser_used_is_refused_the_second_time(browser, canvas, frontend, app):
    requests_made = RequestLog(browser)

    with serving(app) as host_url:
        connect_in_the_browser(browser, frontend, host_url)
        [answer] = canvas_answers(requests_made.urls, frontend)
        replay = requests.post(f"{host_url}/api/lms-oauth/finish", headers=bearer(HOST_TOKEN),
                               json={"state": answer["state"][0], "code": answer["code"][0]})

    assert replay.status_code == 403
    assert len(canvas.calls_to("POST", "/login/oauth2/token")) == 1


def test_a_state_of_another_host_user_is_refused(canvas, app):
    with serving(app) as host_url:
        started = requests.post(f"{host_url}/api/lms-oauth/start", headers=bearer(HOST_TOKEN))
        consent = requests.get(started.json()["authorization_url"], allow_redirects=False)
        answer = parse_qs(urlsplit(consent.headers["Location"]).query)
        stolen = requests.post(f"{host_url}/api/lms-oauth/finish",
                               headers=bearer(OTHER_HOST_TOKEN),
                               json={"state": answer["state"][0], "code": answer["code"][0]})

    assert stolen.status_code == 403
    assert canvas.calls_to("POST", "/login/oauth2/token") == []


def test_a_teacher_who_says_no_in_canvas_sees_why(browser, canvas, frontend, app):
    canvas.deny_authorization = True

    with serving(app) as host_url:
        page = connect_in_the_browser(browser, frontend, host_url)
        shown = page.inner_text("#login-result")
        state = page.get_attribute("#login-result", "data-state")
        lms_token = page.evaluate("lmsToken")

    assert state == "error"
    assert shown.startswith("401: Canvas did not authorize the connection (access_denied)")
    assert lms_token is None
