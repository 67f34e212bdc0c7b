"""End to end over real HTTP: the example app against live_google, the whole sample course."""

from __future__ import annotations

import pytest

from .conftest import ALL_ASSETS, push

pytestmark = pytest.mark.live_lms


def test_the_sample_course_lands_in_classroom_over_http(client, google, lms_token):
    answer = push(client, lms_token, asset_names=ALL_ASSETS, module="Week 1")

    assert answer.status_code == 200, answer.json
    data = answer.json["data"]
    course_id = data["lms_course_id"]
    quiz, paper, notes = data["lms_content_ids"]
    assert set(google.course_work[course_id]) == {quiz, paper}
    assert set(google.materials[course_id]) == {notes}
    assert len(google.forms) == 2
    assert len(google.topics[course_id]) == 1
