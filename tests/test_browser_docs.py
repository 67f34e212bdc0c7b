"""The docs page in a real headless Chromium: every operation renders, nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest
from browser_support import RequestLog, artifact_path, launch_browser, serving
from host_app import create_app

pytestmark = pytest.mark.browser

browser = pytest.fixture(launch_browser)

OPERATIONS = ("/api/login-lms", "/api/courses/{course_id}/push-to-lms",
              "/api/courses/{course_id}/export-package")


def test_swagger_ui_renders_every_operation_from_local_assets_only(browser, live_lms):
    app = create_app({"LMS_BASE_URL": live_lms.base_url})
    requests = RequestLog(browser)
    page = browser.new_page()

    with serving(app) as host_url:
        page.goto(f"{host_url}/api/docs/swagger-ui")
        for path in OPERATIONS:
            page.locator(f'.opblock-summary-path[data-path="{path}"]').wait_for(
                state="visible", timeout=20_000)
        page.screenshot(path=artifact_path("swagger-ui.png"), full_page=True)

    assert requests.off_loopback() == []
    assert any(url.endswith("/swagger-ui-bundle.js") and url.startswith(host_url)
               for url in requests.urls), requests.urls
    assert f"{host_url}/api/docs/openapi.json" in requests.urls
