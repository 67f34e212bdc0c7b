"""progress(done, total): one step per LMS request of the push, the total known up front."""

from __future__ import annotations

from host_app import lms_export

from lms_export_blueprint.export import prepare_push, send_push

from .conftest import ALL_ASSETS, state_of


def test_progress_counts_each_lms_request_with_the_total_known_up_front(app, canvas,
                                                                         lms_token):
    state = state_of(app)
    with app.test_request_context():
        prepared = prepare_push(
            state, lms_export.loaders, lms_export.formats, user_id="teacher-1",
            course_id="bio-101", lms_token=lms_token, idempotency_key=None,
            push={"asset_names": ALL_ASSETS, "asset_type": None, "export_format": "canvas",
                  "publish": True, "lms_course_id": None})
    sent_before = len(canvas.calls)
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    requests = len(canvas.calls) - sent_before
    assert seen == [(done, requests) for done in range(requests + 1)]
