"""The push against its physical limit, counted (never timed): one LMS call, no new connection."""

from __future__ import annotations

import threading

import pytest
import requests
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD, create_app
from werkzeug.serving import make_server


@pytest.fixture
def served(live_lms):
    """The example host app on a real threaded server, pushing to the live LMS."""
    live_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = create_app({"LMS_BASE_URL": live_lms.base_url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def lms_connections_opened(app) -> int:
    """New connections the extension's pool has opened to the LMS so far."""
    adapter = app.extensions["lms_export"].client(app).session.get_adapter("http://")
    return sum(pool.num_connections for pool in adapter.poolmanager.pools._container.values())


def test_login_then_pushes_make_one_lms_call_each_and_reuse_one_connection(served, live_lms):
    app, url = served
    with requests.Session() as session:
        login = session.post(url + "/api/login-lms", headers=BEARER, timeout=30,
                             json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
        headers = {**BEARER, "X-LMS-Token": login.json()["data"]["token"]}
        assert lms_connections_opened(app) == 1
        for _ in range(5):
            calls_before = len(live_lms.calls)
            answer = session.post(url + "/api/courses/bio-101/push-to-lms", headers=headers,
                                  json={"asset_names": ["photosynthesis-quiz"]}, timeout=30)
            assert answer.status_code == 200
            assert len(live_lms.calls) - calls_before == 1
            assert lms_connections_opened(app) == 1
    assert live_lms.calls_to("GET", "/auth/validate") == []
