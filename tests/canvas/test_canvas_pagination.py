"""Lists paginate by Link headers, as lib/api.rb builds them."""

from __future__ import annotations

import pytest


@pytest.fixture
def pages_url(api, course_id) -> str:
    for n in range(25):
        api.post(f"/api/v1/courses/{course_id}/pages", data={"wiki_page[title]": f"Page {n}"})
    return f"/api/v1/courses/{course_id}/pages"


def rels(answer) -> dict[str, str]:
    return {rel: link["url"] for rel, link in answer.links.items()}


def test_the_first_page_has_ten_items_and_links_to_next_and_last(api, pages_url, canvas):
    answer = api.get(pages_url)

    assert len(answer.json()) == 10
    links = rels(answer)
    assert set(links) == {"current", "next", "first", "last"}
    assert links["next"] == f"{canvas.base_url}{pages_url}?page=2&per_page=10"
    assert links["last"].endswith("page=3&per_page=10")


def test_the_links_come_in_lib_api_order(api, pages_url):
    header = api.get(pages_url, params={"page": 2}).headers["Link"]

    assert [part.split("rel=")[1] for part in header.split(",")] == [
        '"current"', '"next"', '"prev"', '"first"', '"last"']


def test_following_next_reads_every_item_once(api, pages_url, canvas):
    titles, url = [], canvas.base_url + pages_url + "?per_page=7"
    while url:
        answer = api.request("GET", url.removeprefix(canvas.base_url))
        titles += [page["title"] for page in answer.json()]
        url = answer.links.get("next", {}).get("url")

    assert sorted(titles) == sorted(f"Page {n}" for n in range(25))


def test_per_page_is_clamped_to_a_hundred(api, pages_url):
    answer = api.get(pages_url, params={"per_page": 1000})

    assert "per_page=100" in answer.links["current"]["url"]


def test_other_query_parameters_are_kept_but_not_the_token(api, pages_url, teacher):
    answer = api.get(pages_url, params={"sort": "title", "access_token": teacher})

    assert "sort=title" in answer.links["next"]["url"]
    assert teacher not in answer.headers["Link"]


def test_rel_last_can_be_left_out(api, pages_url, canvas):
    canvas.pagination_last = False

    answer = api.get(pages_url)

    assert "last" not in answer.links
    assert "next" in answer.links
