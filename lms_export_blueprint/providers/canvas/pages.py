"""Pages (Pages API, wiki_pages_api_controller.rb): created, or replaced where one exists."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import LMSCourseNotFound
from ...formats.canvas import format_canvas
from ...formats.model import Page
from ...transport import path_segment
from .api import CanvasAPI, field_of
from .ledger import Ledger, announced


def put_page(api: CanvasAPI, token: str, course_id: str, content: Page,
             publish: bool, ledger: Ledger, key: str, look_up: bool,
             tick: Callable[[], None]) -> str:
    """The page's ``url``. In a course that may hold it already (an existing course, or an
    earlier run's pending record) the page is found by title and replaced through ``PUT
    /pages/:url``, which creates or updates; otherwise it is created with ``POST``."""
    page = format_canvas({}, publish=publish, content=content)["wiki_page"]
    pages = f"/api/v1/courses/{path_segment(course_id)}/pages"
    url = None
    if look_up or ledger.record(key) is not None:
        url = _url_of(api, token, pages, page["title"])
        tick()
    if url is None:
        answer = announced(ledger, key, lambda: api.call(
            "POST", pages, token, body={"wiki_page": page}, errors={404: LMSCourseNotFound}))
    else:  # PUT creates or replaces: never a second page, nothing to announce
        answer = api.call("PUT", f"{pages}/{path_segment(url)}", token,
                          body={"wiki_page": page})
    tick()
    url = field_of(answer, "url", "page")
    ledger.write(key, "landed", url)
    return url


def _url_of(api: CanvasAPI, token: str, pages: str, title: str) -> str | None:
    """The url of the course's page titled ``title``; Canvas makes the url from the title
    (wiki_page.rb ``url`` via ``to_url``, ``-2`` when taken), so the title is what we know."""
    listed = api.items(pages, token)
    return next((page["url"] for page in listed if isinstance(page, dict)
                 and page.get("title") == title and isinstance(page.get("url"), str)), None)
