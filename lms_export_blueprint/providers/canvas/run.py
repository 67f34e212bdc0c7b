"""One push on Canvas: what its steps share (the API, the ledger, listings, warnings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..base import Push
from ..ledger import Ledger
from .api import CanvasAPI, as_id
from .page_marks import PageMarks


@dataclass
class Run:
    """The push, its ledger and progress, and what it learned of the course on the way."""

    api: CanvasAPI
    push: Push
    ledger: Ledger
    marks: PageMarks
    tick: Callable[[], None]
    #: True when this push (or an earlier run of it) created the course: nothing in it
    #: predates the push, so every id in it is past any floor.
    new_course: bool = False
    #: Each listing fetched at most once per push, by path.
    _listings: dict[str, list[Any]] = field(default_factory=dict)
    #: Ids of half-built quizzes a failure could not delete: named in the error body.
    leftovers: list[str] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.push.token

    def listing(self, path: str, *, fresh: bool = False) -> list[Any]:
        """Every item of a Canvas list, fetched once per push (``fresh``: again)."""
        if fresh or path not in self._listings:
            self._listings[path] = list(self.api.items(path, self.token))
            self.tick()
        return self._listings[path]

    def floor(self, path: str, id_field: str) -> int:
        """The highest id listed at ``path`` before this push's first create there: what a
        retry takes as made before it. 0 in a course the push created."""
        if self.new_course:
            return 0
        ids = [int(as_id(item.get(id_field), id_field)) for item in self.listing(path)
               if isinstance(item, dict)]
        return max(ids, default=0)

    def warn(self, message: str, *, asset: str | None = None) -> None:
        """Said in the answer's ``data.warnings`` (a failure's too)."""
        self.push.warnings.add(message, asset=asset)
