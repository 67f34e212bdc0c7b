"""Pages (Pages API, wiki_pages_api_controller.rb): the extension's own page for an asset,
created, or replaced where it made one before.

Canvas keeps no mark on a page, so the shared store remembers which ``page_id`` the extension
made for each asset (``PageMarks``); a teacher's page of the same title is never touched: a
new page beside it gets Canvas's ``-2`` url. Pages are listed at most once per push.
"""

from __future__ import annotations

from typing import Any

from ...errors import LMSCourseNotFound
from ...formats.canvas import format_canvas
from ...formats.model import Page
from ...transport import Answer, path_segment
from ..ledger import announced
from .api import as_id, as_page_url
from .creating import create_looking, made_after
from .limits import fitted_title
from .run import Run


def put_page(run: Run, course_id: str, name: str, content: Page, key: str) -> str:
    """The page's ``url``: its own page replaced through ``PUT /pages/:url``, or a new one."""
    page = dict(format_canvas({}, publish=run.push.publish, content=content)["wiki_page"])
    page["title"] = fitted_title(run, page["title"], name)
    pages = f"/api/v1/courses/{path_segment(course_id)}/pages"
    host = run.push.host_course_id or ""
    own = _own_page(run, pages, run.marks.page_id(course_id, host, name), key, page["title"])
    if own is None:
        answer = _create(run, pages, page, key)
    else:
        if own.get("front_page") and not run.push.publish:
            # wiki_page.rb#validate_front_page_visibility refuses it: left published, said.
            page.pop("published", None)
            run.warn(f"Page '{page['title']}' is the course's front page, which Canvas cannot "
                     "unpublish: it stays published")
        url = as_page_url(own.get("url"), "page url")
        answer = run.api.call("PUT", f"{pages}/{path_segment(url)}", run.token,
                              body={"wiki_page": page})
        run.tick()
    url = as_page_url(_body(answer).get("url"), "page url")
    page_id = as_id(_body(answer).get("page_id"), "page id")
    run.marks.remember(course_id, host, name, page_id)
    run.ledger.write(key, "landed", url, page_id=page_id)
    return url


def _own_page(run: Run, pages: str, remembered: str | None, key: str,
              title: str) -> dict[str, Any] | None:
    """The listed page the extension made for this asset: the one remembered, or one whose
    create an earlier run of this push sent unanswered (above the floor its record kept)."""
    record = run.ledger.record(key)
    after = record.get("after") if record else None
    if remembered is None and after is None:
        return None
    listed = run.listing(pages, fresh=record is not None)
    if remembered is not None:
        entry = _entry(listed, remembered)
        if entry is not None:
            return entry
    return _made_unanswered(run, listed, int(after), title) if after is not None else None


def _create(run: Run, pages: str, page: dict[str, Any], key: str) -> Answer:
    after = run.floor(pages, "page_id")

    def send() -> Answer:
        return run.api.call("POST", pages, run.token, body={"wiki_page": page}, once=True,
                            errors={404: LMSCourseNotFound})

    def look() -> Answer | None:
        found = _made_unanswered(run, run.listing(pages, fresh=True), after, page["title"])
        if found is None:
            return None
        url = as_page_url(found.get("url"), "page url")
        return run.api.call("PUT", f"{pages}/{path_segment(url)}", run.token,
                            body={"wiki_page": page})

    answer = announced(run.ledger, key, lambda: create_looking(
        send, look, run.api.config.retry_attempts), after=after)
    run.tick()
    return answer


def _made_unanswered(run: Run, listed: list[Any], after: int,
                     title: str) -> dict[str, Any] | None:
    """The one page titled ``title`` (or Canvas's ``title-2``) made after ``after`` that no
    other record of this push holds; several are named in a warning and none is taken."""
    found = made_after(listed, after, "page_id", run.ledger.ids(), title)
    if len(found) > 1:
        run.warn(f"Canvas pages {', '.join(found)} titled '{title}' may be left from an "
                 "unanswered create: none was taken over")
        return None
    return _entry(listed, found[0]) if found else None


def _entry(listed: list[Any], page_id: str) -> dict[str, Any] | None:
    return next((entry for entry in listed if isinstance(entry, dict)
                 and str(entry.get("page_id")) == page_id), None)


def _body(answer: Answer) -> dict[str, Any]:
    return answer.body if isinstance(answer.body, dict) else {}
