"""Both routes through real HTTP servers on 127.0.0.1: the host app and the live reference LMS."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from conftest import ALL_ASSETS, BEARER, TEACHER_EMAIL, TEACHER_PASSWORD
from host_app import create_app
from werkzeug.serving import make_server

ROOT = Path(__file__).parents[1]


@pytest.fixture
def host_url(live_lms):
    live_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = create_app({"LMS_BASE_URL": live_lms.base_url, "LMS_RETRY_BACKOFF": 0.01})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def login(host_url: str) -> requests.Response:
    return requests.post(f"{host_url}/api/login-lms", headers=BEARER, timeout=10,
                         json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})


def test_login_over_http_gives_a_token_the_lms_accepts(host_url, live_lms):
    response = login(host_url)

    assert response.status_code == 200
    token = response.json()["data"]["token"]
    assert requests.get(f"{live_lms.base_url}/api/v1/auth/validate", timeout=5,
                        headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_push_over_http_lands_the_course_in_the_lms(host_url, live_lms):
    token = login(host_url).json()["data"]["token"]

    response = requests.post(
        f"{host_url}/api/courses/bio-101/push-to-lms", timeout=10,
        headers={**BEARER, "X-LMS-Token": token},
        json={"asset_names": ALL_ASSETS, "asset_type": ["quiz", "question-paper", "notes"],
              "publish": False},
    )

    assert response.status_code == 200, response.text
    data = response.json()["data"]
    course = live_lms.courses[data["lms_course_id"]]
    assert course["publish"] is False
    assert data["lms_content_ids"] == course["content_ids"]
    assert [(c.method, c.path) for c in live_lms.calls] == [
        ("POST", "/api/v1/auth/signin"), ("POST", "/api/v1/courses")]


def test_a_stopped_lms_is_a_503(host_url, live_lms):
    token = login(host_url).json()["data"]["token"]
    live_lms.stop()

    response = requests.post(f"{host_url}/api/courses/bio-101/push-to-lms", timeout=30,
                             headers={**BEARER, "X-LMS-Token": token},
                             json={"asset_names": ["lesson-notes"]})

    assert response.status_code == 503
    assert response.json() == {"detail": "Connection error - Could not connect to LMS server"}


def test_the_demo_pushes_a_course_and_prints_what_the_lms_holds():
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py"), "--once", "--port", "0",
         "--lms-port", "0"],
        capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "POST /api/login-lms -> 200" in result.stdout
    assert "POST /api/courses/bio-101/push-to-lms -> 200" in result.stdout
    assert '"course_name": "Biology 101"' in result.stdout
    assert "correct horse battery staple" not in result.stdout + result.stderr
