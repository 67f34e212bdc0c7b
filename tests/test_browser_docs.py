"""The docs page in a real headless Chromium: every operation renders, nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest
from browser_support import RequestLog, artifact_path, launch_browser, serving
from flask import Flask
from flask_smorest import Api, Blueprint
from host_app import create_app
from test_extension import wire

from lms_export_blueprint import LMSExport

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


def test_a_hosts_own_api_gets_its_docs_page_from_local_assets_only(browser, live_lms):
    """The host asked for a Swagger UI page (a path) and named no script URL: flask-smorest
    alone would serve no page; the extension serves it with the assets it ships."""
    app = Flask(__name__)
    app.config.update(LMS_BASE_URL=live_lms.base_url, API_TITLE="Host", API_VERSION="2",
                      OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX="/host-docs",
                      OPENAPI_SWAGGER_UI_PATH="/ui")
    api = Api(app)
    host = Blueprint("host", __name__)

    @host.route("/host-thing")
    @host.response(200)
    def host_thing():
        """A route of the host's own."""
        return {}

    api.register_blueprint(host)
    wire(LMSExport(app, api=api))
    requests = RequestLog(browser)
    page = browser.new_page()

    with serving(app) as host_url:
        page.goto(f"{host_url}/host-docs/ui")
        for path in (*OPERATIONS, "/host-thing"):
            page.locator(f'.opblock-summary-path[data-path="{path}"]').wait_for(
                state="visible", timeout=20_000)

    assert requests.off_loopback() == []
    assert f"{host_url}/api/docs/swagger-ui-assets/swagger-ui-bundle.js" in requests.urls
    assert f"{host_url}/host-docs/openapi.json" in requests.urls
