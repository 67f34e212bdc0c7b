"""schemathesis against the app's own OpenAPI document: no 5xx, no undocumented answer."""

from __future__ import annotations

import os

import pytest
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD
from host_app import create_app
from hypothesis import HealthCheck, settings
from servers import require_module

from lms_export_blueprint.testing.live import LiveLMS

pytestmark = pytest.mark.schemathesis
schemathesis = require_module("schemathesis")

OPENAPI = "/api/docs/openapi.json"
#: Examples per operation: enough to find what this test once found, fast in CI; set
#: SCHEMATHESIS_EXAMPLES=500 for a deeper run (about 50 s, clean when last tried).
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", 60))


@pytest.fixture(scope="module")
def lms():
    with LiveLMS() as lms:
        lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
        yield lms


@pytest.fixture(scope="module")
def live_app(lms):
    # No MAX_CONTENT_LENGTH: its 413 is tested in test_bad_input, and schemathesis counts a
    # 413 for an oversized invalid body as "invalid data accepted".
    return create_app({"LMS_BASE_URL": lms.base_url,
                       "LMS_TIMEOUT": 2, "LMS_AUTH_TIMEOUT": 2, "LMS_RETRY_ATTEMPTS": 0})


# The document is read at import (schemathesis' pytest fixture loader does not work with
# pytest 9); the calls go to ``live_app``, wired to a live LMS.
schema = schemathesis.openapi.from_wsgi(
    OPENAPI, create_app({"LMS_BASE_URL": "http://127.0.0.1:9"}))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_answers_as_documented(case, lms, live_app):
    headers = dict(BEARER)
    if case.path.endswith("push-to-lms") and case.headers and "X-LMS-Token" in case.headers:
        headers["X-LMS-Token"] = lms.issue_token(TEACHER_EMAIL)
    case.call_and_validate(headers=headers, app=live_app)
