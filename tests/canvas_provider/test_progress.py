"""progress(done, total): one step per LMS request of the push, the total known up front."""

from __future__ import annotations

import pytest

from lms_export_blueprint.errors import LMSError
from lms_export_blueprint.export import prepare_push, send_push

from .conftest import ALL_ASSETS, QUIZ, state_of


@pytest.fixture(params=["classic", "new"])
def engine(request, canvas_config):
    canvas_config["LMS_CANVAS_QUIZ_ENGINE"] = request.param


def _prepared(app, lms_token, asset_names, idempotency_key=None):
    state = state_of(app)
    with app.test_request_context():
        return state, prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=lms_token, idempotency_key=idempotency_key,
            push={"asset_names": asset_names, "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": None})


def test_progress_counts_each_lms_request_with_the_total_known_up_front(engine, app, canvas,
                                                                         lms_token):
    state, prepared = _prepared(app, lms_token, ALL_ASSETS)
    sent_before = len(canvas.calls)
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    requests = len(canvas.calls) - sent_before
    assert seen == [(done, requests) for done in range(requests + 1)]


def test_a_retry_after_a_failed_publish_counts_the_publish_alone(engine, app, canvas,
                                                                 lms_token):
    state, prepared = _prepared(app, lms_token, [QUIZ], idempotency_key="push-1")
    canvas.fail_next(400, path="/", method="PUT")
    with pytest.raises(LMSError):
        send_push(state, prepared)
    assert state.provider.requests_planned(prepared.to_push()) == 1
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    assert seen == [(0, 1), (1, 1)]
