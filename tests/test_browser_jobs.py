"""The example frontend pushes as a background job and shows its progress, in headless Chromium."""

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
def slow_lms(live_lms):
    live_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD, name="Demo Teacher")
    live_lms.latency = 1.0  # long enough for the page to show the job running
    return live_lms


@pytest.fixture
def frontend():
    server = FrontendServer().start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_page_pushes_as_a_job_and_fills_a_progress_bar_from_the_status_route(
        browser, slow_lms, frontend):
    app = create_app({"LMS_BASE_URL": slow_lms.base_url, "FRONTEND_ORIGIN": frontend.origin})
    host = ExchangeLog(app.wsgi_app)
    app.wsgi_app = host
    requests = RequestLog(browser)

    with serving(app) as host_url:
        page = browser.new_page()
        page.goto(f"{frontend.origin}/index.html?api={host_url}")
        page.fill("#lms-email", TEACHER_EMAIL)
        page.fill("#lms-password", TEACHER_PASSWORD)
        page.click("#login-button")
        page.wait_for_selector('#login-result[data-state="done"]', timeout=20_000)
        page.click("#push-button")
        page.wait_for_selector('#push-progress[data-status="running"]', timeout=20_000)
        running = page.eval_on_selector("#push-progress", "bar => [bar.value, bar.max]")
        page.wait_for_selector('#push-result:not([data-state="busy"])', timeout=30_000)
        finished = page.eval_on_selector(
            "#push-progress", "bar => [bar.value, bar.max, bar.dataset.status, bar.hidden]")
        said = page.inner_text("#push-result")
        page.screenshot(path=str(_artifact("jobs-progress.png")))

    [course_id] = slow_lms.courses
    assert "Successfully exported to LMS" in said and course_id in said
    assert running == [0, 1]
    assert finished == [1, 1, "succeeded", False]
    [accepted] = host.to("POST", PUSH_PATH)
    assert accepted.status == 202
    assert accepted.request_headers["prefer"] == "respond-async"
    polls = [exchange for exchange in host.exchanges
             if exchange.method == "GET" and exchange.path.startswith("/api/lms-exports/")]
    assert polls and all(poll.status == 200 for poll in polls)
    assert all("x-lms-token" not in poll.request_headers for poll in polls)
    assert requests.off_loopback() == []


def _artifact(name: str):
    from browser_support import artifact_path

    return artifact_path(name)
