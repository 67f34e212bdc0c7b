"""The retry ledger: what of a push already landed in the LMS, kept by the push's scoped key.

Canvas and Google keep no idempotency keys, so a retry with the same Idempotency-Key (or a
background job run again after its worker died) reads here what exists and sends only the
rest. Each record is written *before* the create it announces (``pending``) and again when the
LMS answered: a worker killed between the two leaves a pending record, and the next run looks
for what the LMS may hold instead of creating a second course or quiz. It lives in the shared
store, so every worker of the app shares it (Redis in production).

A ledger that cannot be read or written is not trusted: :class:`StoreUnavailable` (503) stops
the push before its next create, since a retry could not know what landed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import LMSError, LMSTimeout, LMSUnavailable, StoreUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")


class MaybeMade(LMSError):
    """A create answered 503: the LMS may have done the work before the answer failed (a
    proxy, a worker restart), so it is looked for before being sent again; a 502 when the
    tries run out."""

    status = 502
    detail = "LMS export failed: the LMS answered 503 Service Unavailable"

#: As long as an Idempotency-Key names one push (export.IDEMPOTENCY_KEY_TTL).
LEDGER_TTL = 24 * 3600
#: Prefixed by us, like the token store's keys (SimpleCache ignores CACHE_KEY_PREFIX).
LEDGER_PREFIX = "lms_export:ledger:"

#: The course's record; an asset's is ``asset_key(name)``, so no asset name can collide.
COURSE = "course"


#: Each asset's record is ``asset_key(name)``; the course, module and group have their own.
ASSET_PREFIX = "asset:"


def asset_key(name: str) -> str:
    return f"{ASSET_PREFIX}{name}"


class Ledger:
    """Records ``{"state": "pending" | "building" | "built" | "landed", "id": str | None}``
    for the course and each asset (``built``: a quiz whole but not yet published); the
    scoped key is a hash or a random id, never a secret."""

    def __init__(self, cache: Any, scoped_key: str) -> None:
        self._cache = cache
        self._key = LEDGER_PREFIX + scoped_key
        entry = strict(cache, "get", self._key)
        self._records: dict[str, dict[str, Any]] = (
            entry.get("records", {}) if isinstance(entry, dict)
            and entry.get("expires_at", 0) > time.time() else {})

    def record(self, name: str) -> dict[str, Any] | None:
        return self._records.get(name)

    def landed(self, name: str) -> str | None:
        """The LMS's id of what landed under ``name``, or None."""
        record = self._records.get(name)
        return record["id"] if record and record["state"] == "landed" else None

    def write(self, name: str, state: str, content_id: str | None = None, **extra: Any) -> None:
        self._records[name] = {"state": state, "id": content_id, **extra}
        self._save()

    def drop(self, name: str) -> None:
        if self._records.pop(name, None) is not None:
            self._save()

    def ids(self) -> set[str]:
        """Every LMS id this push remembers making: what a look for another asset's
        leftover must never take for its own."""
        return {str(record[field]) for name, record in self._records.items()
                if name.startswith(ASSET_PREFIX)
                for field in ("id", "page_id") if record.get(field) is not None}

    def _save(self) -> None:
        saved = strict(self._cache, "set", self._key,
                        {"records": self._records, "expires_at": time.time() + LEDGER_TTL},
                        timeout=LEDGER_TTL)
        if saved is False:  # cachelib answers False for a write it could not make
            raise StoreUnavailable()


def strict(cache: Any, operation: str, *args: Any, **kwargs: Any) -> Any:
    """``cache.operation(...)``; any backend failure (Redis down, a network error) is a 503."""
    try:
        return getattr(cache, operation)(*args, **kwargs)
    except Exception:  # whatever the backend raises: the ledger cannot be trusted
        logger.warning("The retry ledger could not be %s", "read" if operation == "get"
                       else "written")
        raise StoreUnavailable() from None


def announced(ledger: Ledger, name: str, create: Callable[[], T], **extra: Any) -> T:
    """``create()`` with a ``pending`` record before it. When the LMS answers a refusal the
    record goes (nothing was made); when no answer came (a timeout, a lost connection) it
    stays, so the next run looks for what the create may have made."""
    ledger.write(name, "pending", **extra)
    try:
        return create()
    except (LMSTimeout, LMSUnavailable, MaybeMade):
        raise
    except LMSError:
        ledger.drop(name)
        raise
