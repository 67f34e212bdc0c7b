"""50 concurrent pushes through gunicorn (2 workers) against the live LMS: every one lands once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD
from servers import gunicorn_app

pytestmark = pytest.mark.load

PUSHES = 50
#: Creates the LMS carries out and then answers 503: the retries must not duplicate them.
LOST_ANSWERS = 10


@pytest.fixture
def lms(live_lms):
    live_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    live_lms.latency = 0.02  # every answer takes a little while, so pushes overlap
    return live_lms


def wait_until_serving(base_url: str) -> None:
    give_up = time.monotonic() + 30
    while time.monotonic() < give_up:
        try:
            if requests.get(base_url + "/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not serve within 30 s")


def test_fifty_concurrent_pushes_each_land_exactly_once(lms):
    config = {"LMS_BASE_URL": lms.base_url, "LMS_TIMEOUT": 10, "LMS_AUTH_TIMEOUT": 10,
              "LMS_RETRY_BACKOFF": 0.01, "LMS_RETRY_MAX_WAIT": 0.1}
    token = lms.issue_token(TEACHER_EMAIL)
    lms.fail_next(503, times=LOST_ANSWERS, path="/courses", after_processing=True)
    start = threading.Barrier(PUSHES)

    def one_push(number: int) -> requests.Response:
        start.wait(timeout=30)
        return requests.post(
            f"{base_url}/api/courses/bio-101/push-to-lms",
            json={"asset_names": ["photosynthesis-quiz", "lesson-notes"]},
            headers={**BEARER, "X-LMS-Token": token, "Idempotency-Key": f"push-{number}"},
            timeout=60)

    with gunicorn_app(config, workers=2, threads=16) as base_url:
        wait_until_serving(base_url)
        with ThreadPoolExecutor(PUSHES) as pool:
            responses = list(pool.map(one_push, range(PUSHES)))

    statuses = Counter(r.status_code for r in responses)
    course_ids = [r.json()["data"]["lms_course_id"] for r in responses if r.ok]
    creates = len(lms.calls_to("POST", "/courses"))
    validations = len(lms.calls_to("GET", "/auth/validate"))
    print(f"\nload: statuses={dict(statuses)} courses in LMS={len(lms.courses)} "
          f"distinct ids={len(set(course_ids))} create calls={creates} "
          f"(retried after lost answers: {creates - PUSHES}) validations={validations}")
    assert statuses == {200: PUSHES}
    assert len(set(course_ids)) == PUSHES
    assert sorted(lms.courses) == sorted(course_ids)
    assert creates == PUSHES + LOST_ANSWERS
    assert all(len(course["assets"]) == 2 for course in lms.courses.values())
