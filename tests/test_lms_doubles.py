"""fake_lms and live_lms answer the same fault alike, and fake_lms mocks only its own LMS."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests
from conftest import TEACHER_EMAIL, push
from test_faults import FAST

from lms_export_blueprint.testing.live import LiveLMS

DOUBLES = ["fake_lms", "live_lms"]


@pytest.fixture(params=DOUBLES)
def double(request):
    """Each double in turn, with the teacher's account."""
    lms = request.getfixturevalue(request.param)
    lms.add_user(TEACHER_EMAIL, "pw")
    return lms


@pytest.fixture
def app_config():
    return FAST


@pytest.fixture
def lms(double):
    return double


def test_a_silent_lms_is_a_504_on_both_doubles(client, double):
    token = double.issue_token(TEACHER_EMAIL)
    double.timeout_next(times=10)

    response = push(client, token, asset_names=["lesson-notes"])

    assert response.status_code == 504
    assert response.json["detail"] == "Request timeout - LMS server took too long to respond"


def test_a_connection_dropped_within_the_clients_timeout_is_a_503_on_both_doubles(client,
                                                                                 double):
    token = double.issue_token(TEACHER_EMAIL)
    double.timeout_next(times=10, seconds=0.05)  # LMS_AUTH_TIMEOUT and LMS_TIMEOUT are 0.3 s

    response = push(client, token, asset_names=["lesson-notes"])

    assert response.status_code == 503


def test_a_refused_connection_is_a_503_on_both_doubles(client, double):
    token = double.issue_token(TEACHER_EMAIL)
    double.refuse_next(times=10)

    response = push(client, token, asset_names=["lesson-notes"])

    assert response.status_code == 503


def test_fake_lms_lets_calls_to_other_hosts_through(fake_lms):
    with LiveLMS() as other_server:
        answer = requests.get(other_server.base_url + "/api/v1/auth/validate", timeout=5)

    assert answer.status_code == 401
    assert other_server.calls_to("GET", "/auth/validate")
    assert fake_lms.calls == []


def test_fake_lms_without_responses_names_the_extra_to_install():
    # A fresh interpreter in which "import responses" fails, as on a plain pip install.
    script = ("import sys; sys.modules['responses'] = None\n"
              "from lms_export_blueprint.testing.fake import FakeLMS\n")

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False)

    assert result.returncode != 0
    assert "pip install 'lms-export-blueprint[testing]'" in result.stderr


def test_by_default_a_silent_lms_outlasts_the_clients_timeout_on_both_doubles(double):
    # 6 s: longer than the 5 s the live double used to hold a call before dropping it (a 503
    # where fake_lms gave a 504)
    double.timeout_next()

    with pytest.raises(requests.ReadTimeout):
        requests.get(double.base_url + "/api/v1/auth/validate", timeout=(1, 6))
