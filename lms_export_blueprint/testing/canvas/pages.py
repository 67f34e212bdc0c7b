"""Wiki pages (wiki_pages_api_controller.rb, wiki_page.rb, wiki.rb) and their ``url`` slugs."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from .api import Request, Route, invalid, not_found, paginate, reply
from .courses import managed_course
from .params import to_boolean
from .sanitize import sanitize

if TYPE_CHECKING:
    from .double import CanvasDouble

#: wiki_page.rb TITLE_LENGTH.
TITLE_LENGTH = 255

_WORDS = {"&": " and ", "@": " at ", "%": " percent ", "+": " plus ", "=": " equals ",
          "$": " dollars "}


def slug(title: str) -> str:
    """stringex's String#to_url, as acts_as_url :title applies it (wiki_page.rb): ASCII,
    lower case, ``&`` spelled out, apostrophes dropped, other runs of punctuation one dash."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"['\u2019]", "", text)
    for symbol, word in _WORDS.items():
        text = text.replace(symbol, word)
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-")


def _titleize(url: str) -> str:
    """ActiveSupport's String#titleize, which wiki.rb#build_wiki_page gives a page named by url."""
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", url) if word)


def find(canvas: CanvasDouble, course_id: int, url: str) -> dict[str, Any] | None:
    return next((p for p in canvas.pages.get(course_id, []) if p["url"] == url), None)


def _unique_url(canvas: CanvasDouble, course_id: int, base: str, page: dict[str, Any]) -> str:
    """wiki_page.rb#ensure_unique_url: ``base``, else ``base-2``, ``base-3``..."""
    taken = {p["url"] for p in canvas.pages.get(course_id, []) if p is not page}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _unique_title(canvas: CanvasDouble, course_id: int, title: str, page: dict[str, Any]) -> str:
    """wiki_page.rb#ensure_unique_title: a taken title gets ``-2``, ``-3``..."""
    taken = {p["title"] for p in canvas.pages.get(course_id, []) if p is not page}
    n, candidate = 2, title
    while candidate in taken:
        candidate, n = f"{title}-{n}", n + 1
    return candidate


def _apply(canvas: CanvasDouble, course: dict[str, Any], page: dict[str, Any],
           fields: dict[str, Any]) -> LMSResponse | None:
    """Title, body and published from ``wiki_page[...]``; the url follows the title (sync_url)."""
    if "title" in fields:
        title = str(fields["title"] or "")
        if not title.strip():
            return invalid("title", "Title can't be blank")
        if len(title) > TITLE_LENGTH:
            return invalid("title", "is too long (maximum is 255 characters)")
        if not slug(title):
            return invalid("title", "Title must contain at least one letter or number")
        page["title"] = _unique_title(canvas, course["id"], title, page)
        page["url"] = _unique_url(canvas, course["id"], slug(page["title"]), page)
    if "body" in fields:
        page["body"] = sanitize(fields["body"])  # wiki_page.rb: sanitize_field :body
    if "published" in fields:
        if page["front_page"] and not to_boolean(fields["published"]):
            # wiki_page.rb#validate_front_page_visibility
            return invalid("published", "cannot unpublish front page")
        page["published"] = to_boolean(fields["published"])
    return None


def _fields(request: Request) -> dict[str, Any]:
    fields = request.params.get("wiki_page")
    return fields if isinstance(fields, dict) else {}


def _new_page(canvas: CanvasDouble) -> dict[str, Any]:
    # A new page is unpublished unless wiki_page[published] says otherwise.
    return {"page_id": canvas.next_id(), "url": "", "title": "", "body": "",
            "published": False, "front_page": False}


def _create(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """POST /courses/:id/pages: ``wiki_page[title]`` is required and names the url."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    fields = _fields(request)
    if not str(fields.get("title") or "").strip():
        return invalid("title", "Title can't be blank")
    page = _new_page(canvas)
    refusal = _apply(canvas, course, page, fields)
    if refusal is not None:
        return refusal
    canvas.pages[course["id"]].append(page)
    return reply(200, page)


def _upsert(canvas: CanvasDouble, request: Request, course_id: str, url: str) -> LMSResponse:
    """PUT /courses/:id/pages/:url updates that page, or creates it: with no title, the title
    is the url titleized (wiki.rb#build_wiki_page); either way the url comes from the title."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    fields = _fields(request)
    page = find(canvas, course["id"], url)
    if page is None:
        page = _new_page(canvas)
        fields = {"title": _titleize(url), **fields}
        refusal = _apply(canvas, course, page, fields)
        if refusal is not None:
            return refusal
        canvas.pages[course["id"]].append(page)
        return reply(200, page)
    refusal = _apply(canvas, course, page, fields)
    return refusal or reply(200, page)


def _show(canvas: CanvasDouble, request: Request, course_id: str, url: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    page = find(canvas, course["id"], url)
    return not_found() if page is None else reply(200, page)


def _delete(canvas: CanvasDouble, request: Request, course_id: str, url: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    page = find(canvas, course["id"], url)
    if page is None:
        return not_found()
    canvas.pages[course["id"]].remove(page)
    return reply(200, page)


def _list(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    listed = [{k: v for k, v in p.items() if k != "body"} for p in canvas.pages[course["id"]]]
    return paginate(request, listed, with_last=canvas.pagination_last)


_PAGE = r"/api/v1/courses/(\d+)/pages/([^/]+)"
ROUTES: list[Route] = [
    ("GET", r"/api/v1/courses/(\d+)/pages", _list),
    ("POST", r"/api/v1/courses/(\d+)/pages", _create),
    ("GET", _PAGE, _show),
    ("PUT", _PAGE, _upsert),
    ("DELETE", _PAGE, _delete),
]
