"""Creates on an LMS that ignores Idempotency-Key: sent again only after looking.

A create answered 503, or not answered at all, may have been made (Canvas did the work, then a
proxy or the network failed). Sending it again blindly makes a second course, quiz or question;
so the caller's ``look`` searches, by the extension's mark, for what the first attempt made,
and the create is sent again only when nothing is found (docs/failure-behaviour.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ...errors import LMSError, LMSTimeout, LMSUnavailable
from ..ledger import MaybeMade
from .api import as_id
from .errors import StoppedEarly

logger = logging.getLogger(__name__)

T = TypeVar("T")


def create_looking(send: Callable[[], T], look: Callable[[], T | None], tries: int) -> T:
    """``send()``'s id; after a 503 or a lost answer, what ``look()`` finds, else ``send()``
    again, ``tries`` times at most."""
    for attempt in range(tries + 1):
        try:
            return send()
        except StoppedEarly:
            raise
        except (LMSUnavailable, LMSTimeout, MaybeMade) as exc:
            if attempt == tries:
                raise
            try:
                found = look()
            except LMSError:  # could not look: what the create did stays unknown
                raise exc from None
            if found is not None:
                logger.info("A Canvas create answered '%s' had landed: kept", exc.detail)
                return found
    raise AssertionError("unreachable")  # pragma: no cover


def made_after(listed: Iterable[Any], floor: int, id_field: str, taken: set[str],
               title: str | None = None) -> list[str]:
    """Ids of listed items made after ``floor`` (ids only grow), not ``taken`` by another
    record of this push and, given ``title``, titled so (Canvas adds ``-2`` to a taken page
    title). The title narrows; the floor decides."""
    pattern = None if title is None else re.compile(re.escape(title) + r"(-\d+)?")
    found: list[str] = []
    for item in listed:
        if not isinstance(item, dict):
            continue
        item_id = as_id(item.get(id_field), id_field)
        if int(item_id) <= floor or item_id in taken:
            continue
        if pattern is not None and not pattern.fullmatch(str(item.get("title") or "")):
            continue
        found.append(item_id)
    return found
