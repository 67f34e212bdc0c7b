"""CanvasAPI: lists read through Link headers, on this Canvas only, within one listing's caps."""

from __future__ import annotations

import json

import pytest
from host_app import create_app

from lms_export_blueprint.errors import LMSBadResponse
from lms_export_blueprint.signals import lms_api_called

from .conftest import NOTES, QUIZ, push, state_of


@pytest.fixture
def api(app):
    return state_of(app).provider.api


def test_a_list_is_read_whole_by_following_next_links(api, canvas, teacher):
    for number in range(205):
        canvas.add_course(f"Course {number}", teacher=teacher)

    courses = list(api.items("/api/v1/courses", teacher))

    assert len(courses) == 205
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 3  # 100 + 100 + 5


def test_a_list_without_rel_last_is_read_whole_too(api, canvas, teacher):
    canvas.pagination_last = False
    for number in range(150):
        canvas.add_course(f"Course {number}", teacher=teacher)

    assert len(list(api.items("/api/v1/courses", teacher))) == 150


@pytest.mark.parametrize("link", [
    "https://elsewhere.example/api/v1/courses?page=2",  # the token would go with it
    "http://[oops/api/v1/courses?page=2",  # not even a URL: a bad answer, not a crash
])
def test_a_next_link_off_this_canvas_is_not_followed(api, canvas, teacher, link):
    canvas.fail_next(200, path="/api/v1/courses", body="[]", headers={
        "Content-Type": "application/json", "Link": f'<{link}>; rel="next"'})

    with pytest.raises(LMSBadResponse, match="next page link points to another host or "
                                             "cannot be read"):
        list(api.items("/api/v1/courses", teacher))


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
        "/api/v1/courses/{id}/quizzes/{id}/reorder",
        "/api/v1/courses/{id}/quizzes/{id}", "/api/v1/courses/{id}/pages"}


def test_a_list_whose_next_links_never_end_is_cut_with_a_502(api, canvas, teacher,
                                                             monkeypatch):
    monkeypatch.setattr("lms_export_blueprint.providers.canvas.api.MAX_PAGES", 3)
    canvas.fail_next(200, path="/api/v1/courses", body="[]", times=10, headers={
        "Content-Type": "application/json",
        "Link": f'<{canvas.base_url}/api/v1/courses?page=2>; rel="next"'})

    with pytest.raises(LMSBadResponse, match="ran past 3 pages"):
        list(api.items("/api/v1/courses", teacher))
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 3


def test_a_list_read_until_the_item_sought_asks_for_no_further_page(api, canvas, teacher):
    for number in range(250):
        canvas.add_course(f"Course {number}", teacher=teacher)

    found = next(course for course in api.items("/api/v1/courses", teacher)
                 if course["name"] == "Course 7")

    assert found["name"] == "Course 7"
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 1


def test_a_page_of_more_than_canvas_s_hundred_items_is_a_502(api, canvas, teacher):
    # lib/api.rb: Api::MAX_PER_PAGE = 100, and per_page_for clamps per_page to it
    canvas.fail_next(200, path="/api/v1/courses", headers={"Content-Type": "application/json"},
                     body=json.dumps([{"id": number} for number in range(101)]))

    with pytest.raises(LMSBadResponse, match="more than 100 items"):
        list(api.items("/api/v1/courses", teacher))


def test_a_listing_s_pages_share_one_size_cap(canvas_config, canvas, teacher):
    # Issue 18 item 2: each page under LMS_MAX_RESPONSE_BYTES, 16 pages of it were +3.9 GB
    page = json.dumps([{"id": number, "name": "x" * 300} for number in range(100)])
    canvas_config["LMS_MAX_RESPONSE_BYTES"] = 2 * len(page) + 100
    api = state_of(create_app(canvas_config)).provider.api
    canvas.fail_next(200, path="/api/v1/courses", body=page, times=10, headers={
        "Content-Type": "application/json",
        "Link": f'<{canvas.base_url}/api/v1/courses?page=2>; rel="next"'})

    with pytest.raises(LMSBadResponse, match="larger than"):
        list(api.items("/api/v1/courses", teacher))
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 3  # the third is cut short


def test_a_listing_asks_for_the_next_page_only_when_it_is_reached(api, canvas, teacher):
    for number in range(250):
        canvas.add_course(f"Course {number}", teacher=teacher)
    listing = api.items("/api/v1/courses", teacher)

    first = [next(listing) for _ in range(100)]
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 1
    next(listing)

    assert first[0]["name"] == "Course 0"
    assert len(canvas.calls_to("GET", "/api/v1/courses")) == 2
