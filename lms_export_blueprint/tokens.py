"""TokenStore: which LMS tokens were validated, for whom, and until when, on Flask-Caching."""

from __future__ import annotations

import base64
import json
import logging
import math
import time
from typing import Any

from .masking import fingerprint

logger = logging.getLogger(__name__)

#: Prefixed by us because some Flask-Caching backends (SimpleCache) ignore CACHE_KEY_PREFIX.
KEY_PREFIX = "lms_export:token:"


class TokenStore:
    """The life of a validated token: remembered for one host user, checked, forgotten.

    Entries live under a hash of the token for ``ttl`` seconds or until the token's JWT
    ``exp``, whichever is first. A token validated by the LMS is bound with the backend's
    atomic ``add``, so of two users presenting one new token the first binder wins. The cache
    is a help, not a dependency: if it fails, the store forgets and the caller asks the LMS
    instead (docs/security.md says what the binding can then promise).
    """

    def __init__(self, cache: Any, ttl: float) -> None:
        self.cache = cache
        self.ttl = ttl

    @staticmethod
    def key(token: str) -> str:
        return KEY_PREFIX + fingerprint(token)

    def remember(self, token: str, user_id: str) -> None:
        """After a sign-in with a password: ``token`` is ``user_id``'s, whoever held it."""
        entry = self._entry(token, user_id)
        if entry is not None:
            self._guarded("set", self.key(token), entry, timeout=_timeout(entry))

    def bind(self, token: str, user_id: str) -> bool:
        """After the LMS accepted ``token``: bind it to ``user_id`` unless another user holds
        it. True when ``user_id`` holds it now (or the store cannot keep it)."""
        entry = self._entry(token, user_id)
        if entry is None:
            return True
        holder = claim(self.cache, self.key(token), entry, _timeout(entry))
        return holder is None or holder.get("user_id") == user_id

    def bound_user(self, token: str) -> str | None:
        """The user a still-trusted ``token`` was validated for, or None."""
        entry = self._guarded("get", self.key(token))
        return entry.get("user_id") if _is_live(entry) else None

    def forget(self, token: str) -> None:
        self._guarded("delete", self.key(token))

    def _entry(self, token: str, user_id: str) -> dict[str, Any] | None:
        expires_at = time.time() + self.ttl
        jwt_exp = jwt_expiry(token)
        if jwt_exp is not None:
            expires_at = min(expires_at, jwt_exp)
        if expires_at <= time.time():
            return None
        return {"user_id": user_id, "expires_at": expires_at}

    def _guarded(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        return _guarded(self.cache, operation, *args, **kwargs)


def claim(cache: Any, key: str, value: dict[str, Any], timeout: int) -> dict[str, Any] | None:
    """Store ``value`` under ``key`` unless a live entry is there; the entry that holds the key
    afterwards (None if the cache failed). First writer wins.

    RedisCache's ``add`` is one ``SETNX`` (cachelib ``redis_base.py``; its ``EXPIRE`` follows
    in a second command, so an entry carries its own ``expires_at`` too). cachelib 0.17's
    SimpleCache checks and writes under one lock (``simple.py``), but earlier releases check
    and ``setdefault`` without one, so two callers can both hear True: the entry is read back,
    and whoever finds their own value there holds the key.
    """
    for _ in range(2):
        if _guarded(cache, "add", key, value, timeout=timeout):
            holder = _guarded(cache, "get", key)
            return value if holder is None else holder  # type: ignore[no-any-return]
        holder = _guarded(cache, "get", key)
        if _is_live(holder):
            return holder  # type: ignore[no-any-return]
        if holder is None and not _guarded(cache, "has", key):
            return None  # the cache failed or dropped it: nothing holds the key
        # an entry past its own expires_at (its EXPIRE never came): clear it, try again
        _guarded(cache, "delete", key)
    return None


def _is_live(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    expires_at = entry.get("expires_at")
    return isinstance(expires_at, (int, float)) and expires_at > time.time()


def _timeout(entry: dict[str, Any]) -> int:
    # Flask-Caching backends want whole seconds and read 0 as "forever": round up, so any
    # TTL of 1 s or more is stored; the entry's own expires_at ends it on time.
    return max(1, math.ceil(entry["expires_at"] - time.time()))


def _guarded(cache: Any, operation: str, *args: Any, **kwargs: Any) -> Any:
    try:
        return getattr(cache, operation)(*args, **kwargs)
    except Exception as exc:  # any backend failure: Redis down, pickling, network
        logger.warning("LMS token store %s failed (%s); the LMS will be asked instead",
                       operation, type(exc).__name__)
        return None


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT, unverified (the LMS stays the judge), or None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
        exp = claims.get("exp") if isinstance(claims, dict) else None
        # 10**400 overflows a float; -Infinity and NaN are no time at all
        expiry = float(exp) if isinstance(exp, (int, float)) else None
    except (ValueError, TypeError, RecursionError, OverflowError):
        return None
    return expiry if expiry is not None and math.isfinite(expiry) else None
