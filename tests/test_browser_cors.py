"""The example frontend on another origin: preflights pass, login and push land in the LMS."""

from __future__ import annotations

import pytest
from browser_support import ExchangeLog, RequestLog, launch_browser, serving
from conftest import TEACHER_EMAIL, TEACHER_PASSWORD
from cross_origin_demo import FrontendServer
from host_app import create_app

pytestmark = pytest.mark.browser

browser = pytest.fixture(launch_browser)

PUSH_PATH = "/api/courses/bio-101/push-to-lms"


@pytest.fixture
def teacher_lms(live_lms):
    live_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD, name="Demo Teacher")
    return live_lms


@pytest.fixture
def frontend():
    server = FrontendServer().start()
    yield server
    server.shutdown()
    server.server_close()


def open_frontend(browser, frontend_origin: str, host_url: str):
    page = browser.new_page()
    page.goto(f"{frontend_origin}/index.html?api={host_url}")
    page.fill("#lms-email", TEACHER_EMAIL)
    page.fill("#lms-password", TEACHER_PASSWORD)
    return page


def test_frontend_on_another_origin_logs_in_and_pushes_to_the_lms(browser, teacher_lms,
                                                                  frontend):
    app = create_app({"LMS_BASE_URL": teacher_lms.base_url, "FRONTEND_ORIGIN": frontend.origin})
    host = ExchangeLog(app.wsgi_app)
    app.wsgi_app = host
    requests = RequestLog(browser)

    with serving(app) as host_url:
        assert host_url != frontend.origin
        page = open_frontend(browser, frontend.origin, host_url)
        page.click("#login-button")
        page.wait_for_selector('#login-result[data-state="done"]', timeout=20_000)
        page.click("#push-button")
        page.wait_for_selector('#push-result:not([data-state="busy"]):not([data-state="idle"])',
                               timeout=20_000)
        push_result = page.inner_text("#push-result")

    assert "Successfully exported to LMS" in push_result
    [course] = teacher_lms.courses.values()
    assert course["course_name"] == "Biology 101"
    assert [asset["name"] for asset in course["assets"]] == [
        "photosynthesis-quiz", "term-paper", "lesson-notes"]
    [preflight] = host.to("OPTIONS", PUSH_PATH)
    assert preflight.status == 200
    assert preflight.response_headers["access-control-allow-origin"] == frontend.origin
    asked = preflight.request_headers["access-control-request-headers"].split(",")
    assert {"authorization", "content-type", "x-lms-token", "idempotency-key"} <= set(asked)
    [push] = host.to("POST", PUSH_PATH)
    assert push.status == 202  # the page pushes as a background job (tests/test_browser_jobs.py)
    assert push.request_headers["origin"] == frontend.origin
    assert requests.off_loopback() == []


def test_a_frontend_on_an_origin_not_allowed_is_stopped_at_the_preflight(browser, teacher_lms,
                                                                        frontend):
    app = create_app({"LMS_BASE_URL": teacher_lms.base_url,
                      "FRONTEND_ORIGIN": "http://127.0.0.1:1"})

    with serving(app) as host_url:
        page = open_frontend(browser, frontend.origin, host_url)
        page.click("#login-button")
        page.wait_for_selector('#login-result[data-state="error"]', timeout=20_000)

    assert teacher_lms.calls_to("POST", "/auth/signin") == []
