"""Pages: created with wiki_page[published]; in an existing course, replaced by their url."""

from __future__ import annotations

from .conftest import NOTES, push


def test_a_page_is_created_published_when_the_push_publishes(client, canvas, lms_token):
    answer = push(client, lms_token, asset_names=[NOTES], publish=True)

    (course_id,) = canvas.courses
    page = canvas.page(course_id, answer.json["data"]["lms_content_ids"][0])
    assert (page["title"], page["published"]) == ("Light and dark reactions", True)
    assert "<h2>Calvin cycle</h2>" in page["body"]


def test_a_page_stays_unpublished_when_the_push_does_not_publish(client, canvas, lms_token):
    answer = push(client, lms_token, asset_names=[NOTES], publish=False)

    (course_id,) = canvas.courses
    assert canvas.page(course_id, answer.json["data"]["lms_content_ids"][0])[
        "published"] is False


def test_updating_an_existing_course_replaces_the_page_at_its_url(client, canvas, teacher,
                                                                   lms_token):
    course_id = canvas.add_course("Biology", teacher=teacher)
    first = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id),
                 publish=False)

    again = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id),
                 publish=True)

    url = first.json["data"]["lms_content_ids"][0]
    assert again.json["data"]["lms_content_ids"] == [url]
    assert [page["url"] for page in canvas.pages[course_id]] == [url]
    assert canvas.page(course_id, url)["published"] is True
    assert len(canvas.calls_to("PUT", f"/pages/{url}")) == 1


def test_a_teachers_page_of_the_same_title_is_never_replaced(client, canvas, teacher,
                                                             lms_token):
    """What a push owns (docs/failure-behaviour.md): a page is replaced only by its mark."""
    course_id = canvas.add_course("Biology", teacher=teacher)
    canvas.pages[course_id].append(
        {"page_id": canvas.next_id(), "url": "light-and-dark-reactions", "body": "by hand",
         "title": "Light and dark reactions", "published": True, "front_page": False})

    answer = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id))

    (url,) = answer.json["data"]["lms_content_ids"]
    assert url == "light-and-dark-reactions-2"  # Canvas's url for a second page of that title
    assert canvas.page(course_id, "light-and-dark-reactions")["body"] == "by hand"
    assert "Calvin cycle" in canvas.page(course_id, url)["body"]
    assert canvas.calls_to("PUT", "/pages/") == []


def test_the_own_page_is_found_among_many_by_following_link_headers_once_per_push(
        client, canvas, teacher, lms_token):
    course_id = canvas.add_course("Biology", teacher=teacher)
    first = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id))
    (url,) = first.json["data"]["lms_content_ids"]
    canvas.pages[course_id].extend(
        {"page_id": canvas.next_id(), "url": f"other-{number}", "title": f"Other {number}",
         "body": "", "published": False, "front_page": False} for number in range(105))
    listed_before = len(canvas.calls_to("GET", f"/courses/{course_id}/pages"))

    again = push(client, lms_token, asset_names=[NOTES], lms_course_id=str(course_id))

    assert again.json["data"]["lms_content_ids"] == [url]
    assert len(canvas.pages[course_id]) == 106
    assert len(canvas.calls_to("PUT", f"/pages/{url}")) == 1
    # one listing for the push: 100 + 6 pages, two requests
    assert len(canvas.calls_to("GET", f"/courses/{course_id}/pages")) - listed_before == 2
