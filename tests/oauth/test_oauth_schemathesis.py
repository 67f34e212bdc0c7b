"""schemathesis against the OAuth2 routes: no 5xx and no undocumented answer, whatever the body."""

from __future__ import annotations

import pytest
from conftest import BEARER
from host_app import create_app
from hypothesis import HealthCheck, settings
from servers import require_module

from lms_export_blueprint.testing.canvas.live import LiveCanvas

pytestmark = pytest.mark.schemathesis
schemathesis = require_module("schemathesis")

REDIRECT_URI = "https://frontend.example.test/index.html"
DEVELOPER_KEY = {"LMS_PROVIDER": "canvas", "LMS_CANVAS_CLIENT_ID": "1",
                 "LMS_CANVAS_CLIENT_SECRET": "unused",
                 "LMS_CANVAS_REDIRECT_URI": REDIRECT_URI, "SECRET_KEY": "schemathesis"}


@pytest.fixture(scope="module")
def live_app():
    with LiveCanvas() as canvas:
        canvas.add_user("Ada Teacher")
        client_id, secret = canvas.add_developer_key(REDIRECT_URI)
        yield create_app({**DEVELOPER_KEY, "LMS_BASE_URL": canvas.base_url,
                          "LMS_CANVAS_CLIENT_ID": client_id, "LMS_CANVAS_CLIENT_SECRET": secret,
                          "LMS_AUTH_TIMEOUT": 2, "LMS_RETRY_ATTEMPTS": 0})


schema = schemathesis.openapi.from_wsgi(
    "/api/docs/openapi.json",
    create_app({**DEVELOPER_KEY, "LMS_BASE_URL": "http://127.0.0.1:9"}),
).include(path_regex="lms-oauth")


@schema.parametrize()
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_oauth_routes_answer_as_documented(case, live_app):
    case.call_and_validate(headers=dict(BEARER), app=live_app)
