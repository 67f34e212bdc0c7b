"""Which Canvas page stands for which asset: the mark Canvas cannot keep on a page."""

from __future__ import annotations

from typing import Any

from ...errors import StoreUnavailable
from ...masking import fingerprint
from ..ledger import strict

#: Kept a year, as long as a teacher keeps pushing to a course.
PAGE_MARK_TTL = 365 * 24 * 3600
PAGE_MARK_PREFIX = "lms_export:canvas_page:"


class PageMarks:
    """Which Canvas page the extension made for each asset, per Canvas course and host
    course: remembered across pushes, so a page pushed again replaces its own page, never a
    teacher's page of the same title. Canvas keeps no mark on a page, so the shared store does
    (read and written strictly, like the ledger)."""

    def __init__(self, cache: Any, root: str) -> None:
        self._cache = cache
        self._root = root

    def page_id(self, course_id: str, host_course_id: str, asset_name: str) -> str | None:
        entry = strict(self._cache, "get", self._key(course_id, host_course_id, asset_name))
        found = entry.get("page_id") if isinstance(entry, dict) else None
        return str(found) if found is not None else None

    def remember(self, course_id: str, host_course_id: str, asset_name: str,
                 page_id: str) -> None:
        saved = strict(self._cache, "set", self._key(course_id, host_course_id, asset_name),
                        {"page_id": page_id}, timeout=PAGE_MARK_TTL)
        if saved is False:
            raise StoreUnavailable()

    def _key(self, course_id: str, host_course_id: str, asset_name: str) -> str:
        return PAGE_MARK_PREFIX + fingerprint(
            "\n".join((self._root, course_id, host_course_id, asset_name)))
