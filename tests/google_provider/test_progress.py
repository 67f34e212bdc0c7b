"""progress(done, total): one step per LMS request of the push, the total known up front."""

from __future__ import annotations

import pytest
from host_app import lms_export

from lms_export_blueprint.export import prepare_push, send_push

from .conftest import ALL_ASSETS


@pytest.mark.parametrize("existing", [False, True])
def test_progress_counts_each_lms_request_with_the_total_known_up_front(app, google, teacher,
                                                                         lms_token, existing):
    course_id = google.add_course("Biology", teacher=teacher) if existing else None
    state = lms_export.state(app)
    with app.test_request_context():
        prepared = prepare_push(
            state, user_id="teacher-1",
            course_id="bio-101", lms_token=lms_token, idempotency_key=None,
            push={"asset_names": ALL_ASSETS, "asset_type": None, "publish": True,
                  "export_format": "lms_standard", "lms_course_id": course_id})
    seen: list[tuple[int, int]] = []

    send_push(state, prepared, progress=lambda done, total: seen.append((done, total)))

    requests = len(google.calls)
    assert seen == [(done, requests) for done in range(requests + 1)]
