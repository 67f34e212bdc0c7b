"""Pages: Canvas's url slugs, PUT by url creates or replaces, unpublished by default."""

from __future__ import annotations

import pytest

from lms_export_blueprint.testing.canvas.pages import slug


@pytest.mark.parametrize(("title", "url"), [
    ("Lesson Notes", "lesson-notes"),
    ("Cells & Tissues", "cells-and-tissues"),
    ("Don't panic!", "dont-panic"),
    ("Über  Café -- 2", "uber-cafe-2"),
])
def test_a_title_becomes_its_url_by_canvas_slug_rules(title, url):
    assert slug(title) == url


def test_a_new_page_is_unpublished_unless_asked(api, course_id):
    page = api.post(f"/api/v1/courses/{course_id}/pages",
                    data={"wiki_page[title]": "Lesson Notes", "wiki_page[body]": "<p>x</p>"}).json()

    assert (page["url"], page["published"]) == ("lesson-notes", False)


def test_wiki_page_published_publishes(api, course_id):
    page = api.post(f"/api/v1/courses/{course_id}/pages",
                    data={"wiki_page[title]": "Notes", "wiki_page[published]": "true"}).json()

    assert page["published"] is True


def test_a_second_page_with_the_same_title_gets_a_numbered_title_and_url(api, course_id):
    for _ in range(2):
        page = api.post(f"/api/v1/courses/{course_id}/pages",
                        data={"wiki_page[title]": "Notes"}).json()

    assert (page["title"], page["url"]) == ("Notes-2", "notes-2")


def test_put_to_an_existing_url_replaces_the_page(api, course_id, canvas):
    api.post(f"/api/v1/courses/{course_id}/pages",
             data={"wiki_page[title]": "Notes", "wiki_page[body]": "old"})

    answer = api.put(f"/api/v1/courses/{course_id}/pages/notes",
                     data={"wiki_page[title]": "Notes", "wiki_page[body]": "new"})

    assert answer.status_code == 200
    assert len(canvas.pages[course_id]) == 1
    assert canvas.page(course_id, "notes")["body"] == "new"


def test_put_to_a_missing_url_creates_a_page_titled_after_it(api, course_id, canvas):
    answer = api.put(f"/api/v1/courses/{course_id}/pages/lesson-notes",
                     data={"wiki_page[body]": "<p>hi</p>"})

    assert answer.status_code == 200
    assert (answer.json()["title"], answer.json()["url"]) == ("Lesson Notes", "lesson-notes")


def test_a_page_without_a_title_is_refused_with_errors_keyed_by_attribute(api, course_id):
    answer = api.post(f"/api/v1/courses/{course_id}/pages", data={"wiki_page[body]": "x"})

    assert answer.status_code == 400
    assert answer.json() == {"errors": {"title": [{
        "attribute": "title", "type": "Title can't be blank",
        "message": "Title can't be blank"}]}}
