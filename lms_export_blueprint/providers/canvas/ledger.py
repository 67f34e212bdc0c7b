"""The retry ledger: what of a push already landed on Canvas, kept by the push's scoped key.

Canvas has no idempotency keys, so a retry with the same Idempotency-Key (or a background job
run again after its worker died) reads here what exists and sends only the rest. Each record
is written *before* the create it announces (``pending``) and again when Canvas answered: a
worker killed between the two leaves a pending record, and the next run looks for what Canvas
may hold instead of creating a second course or quiz. It lives in the token store's cache
backend, so every worker of the app shares it (Redis in production).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from ...errors import LMSError, LMSTimeout, LMSUnavailable
from ...tokens import _guarded

T = TypeVar("T")

#: As long as an Idempotency-Key names one push (export.IDEMPOTENCY_KEY_TTL).
LEDGER_TTL = 24 * 3600
#: Prefixed by us, like the token store's keys (SimpleCache ignores CACHE_KEY_PREFIX).
LEDGER_PREFIX = "lms_export:canvas_ledger:"

#: The course's record; an asset's is ``asset_key(name)``, so no asset name can collide.
COURSE = "course"


def asset_key(name: str) -> str:
    return f"asset:{name}"


class Ledger:
    """Records ``{"state": "pending" | "building" | "built" | "landed", "id": str | None}``
    for the course and each asset (``built``: a quiz whole but not yet published); the
    scoped key is a hash or a random id, never a secret."""

    def __init__(self, cache: Any, scoped_key: str) -> None:
        self._cache = cache
        self._key = LEDGER_PREFIX + scoped_key
        entry = _guarded(cache, "get", self._key)
        self._records: dict[str, dict[str, Any]] = (
            entry.get("records", {}) if isinstance(entry, dict)
            and entry.get("expires_at", 0) > time.time() else {})

    def record(self, name: str) -> dict[str, Any] | None:
        return self._records.get(name)

    def landed(self, name: str) -> str | None:
        """The Canvas id of what landed under ``name``, or None."""
        record = self._records.get(name)
        return record["id"] if record and record["state"] == "landed" else None

    def write(self, name: str, state: str, content_id: str | None = None, **extra: Any) -> None:
        self._records[name] = {"state": state, "id": content_id, **extra}
        self._save()

    def drop(self, name: str) -> None:
        if self._records.pop(name, None) is not None:
            self._save()

    def _save(self) -> None:
        _guarded(self._cache, "set", self._key,
                 {"records": self._records, "expires_at": time.time() + LEDGER_TTL},
                 timeout=LEDGER_TTL)


def announced(ledger: Ledger, name: str, create: Callable[[], T], **extra: Any) -> T:
    """``create()`` with a ``pending`` record before it. When Canvas answers a refusal the
    record goes (nothing was made); when no answer came (a timeout, a lost connection) it
    stays, so the next run looks for what the create may have made."""
    ledger.write(name, "pending", **extra)
    try:
        return create()
    except (LMSTimeout, LMSUnavailable):
        raise
    except LMSError:
        ledger.drop(name)
        raise
