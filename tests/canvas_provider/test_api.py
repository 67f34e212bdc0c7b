"""CanvasAPI: lists read whole through Link headers, on this Canvas only."""

from __future__ import annotations

import pytest

from lms_export_blueprint.errors import LMSBadResponse
from lms_export_blueprint.signals import lms_api_called

from .conftest import NOTES, QUIZ, push, state_of


@pytest.fixture
def api(app):
    return state_of(app).provider.api


def test_a_list_is_read_whole_by_following_next_links(api, canvas, teacher):
    for number in range(205):
        canvas.add_course(f"Course {number}", teacher=teacher)

    courses = api.items("/api/v1/courses", teacher)

    assert len(courses) == 205
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 3  # 100 + 100 + 5


def test_a_list_without_rel_last_is_read_whole_too(api, canvas, teacher):
    canvas.pagination_last = False
    for number in range(150):
        canvas.add_course(f"Course {number}", teacher=teacher)

    assert len(api.items("/api/v1/courses", teacher)) == 150


def test_a_next_link_to_another_host_is_not_followed(api, canvas, teacher):
    canvas.fail_next(200, path="/api/v1/courses", body="[]", headers={
        "Content-Type": "application/json",
        "Link": '<https://elsewhere.example/api/v1/courses?page=2>; rel="next"'})

    with pytest.raises(LMSBadResponse, match="another host"):
        api.items("/api/v1/courses", teacher)


def test_lms_api_called_names_canvas_endpoints_without_ids_or_queries(app, client, canvas,
                                                                       lms_token):
    events: list[dict] = []

    def receiver(sender, **event):
        events.append(event)
    with lms_api_called.connected_to(receiver, sender=app):
        push(client, lms_token, asset_names=[QUIZ, NOTES], lms_course_id=str(
            canvas.add_course("Biology", teacher=lms_token)))

    endpoints = {event["endpoint"] for event in events}
    assert endpoints == {
        "/api/v1/courses/{id}", "/api/v1/courses/{id}/quizzes",
        "/api/v1/courses/{id}/quizzes/{id}/questions",
        "/api/v1/courses/{id}/quizzes/{id}", "/api/v1/courses/{id}/pages"}


def test_a_list_whose_next_links_never_end_is_cut_with_a_502(api, canvas, teacher,
                                                             monkeypatch):
    monkeypatch.setattr("lms_export_blueprint.providers.canvas.api.MAX_PAGES", 3)
    canvas.fail_next(200, path="/api/v1/courses", body="[]", times=10, headers={
        "Content-Type": "application/json",
        "Link": f'<{canvas.base_url}/api/v1/courses?page=2>; rel="next"'})

    with pytest.raises(LMSBadResponse, match="ran past 3 pages"):
        api.items("/api/v1/courses", teacher)
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 3
