"""The same push against live_moodle: form bodies over a real socket, as PHP would read them."""

from __future__ import annotations

import pytest

from .conftest import ALL_ASSETS, NOTES, push

pytestmark = pytest.mark.live_lms


def test_a_push_over_http_lands_every_asset(client, moodle, manager, lms_token):
    answer = push(client, lms_token, headers={"Idempotency-Key": "live-1"})
    assert answer.status_code == 200, answer.json
    ids = answer.json["data"]["lms_content_ids"]
    assert [moodle.modules[int(cmid)]["modname"] for cmid in ids] == ["quiz", "quiz", "page"]
    again = push(client, lms_token, headers={"Idempotency-Key": "live-1"})
    assert again.json["data"]["lms_content_ids"] == ids
    assert len(moodle.modules) == len(ALL_ASSETS)


def test_a_dropped_connection_after_the_page_landed_is_asked_again(client, moodle, manager,
                                                                   lms_token):
    moodle.refuse_next(function="local_lmsexport_save_page", after_processing=True)
    answer = push(client, lms_token, asset_names=[NOTES])
    assert answer.status_code == 200, answer.json
    assert len(moodle.modules) == 1
