"""TokenStore: which LMS tokens were validated, for whom, and until when, on Flask-Caching."""

from __future__ import annotations

import base64
import json
import logging
import time
from typing import Any

from .masking import fingerprint

logger = logging.getLogger(__name__)

#: Prefixed by us because some Flask-Caching backends (SimpleCache) ignore CACHE_KEY_PREFIX.
KEY_PREFIX = "lms_export:token:"


class TokenStore:
    """Remembers validated tokens under a hash of the token, bound to one host user.

    An entry lives ``ttl`` seconds or until the token's JWT ``exp``, whichever is first.
    The cache is a help, not a dependency: if it fails, the store forgets and the caller
    asks the LMS instead.
    """

    def __init__(self, cache: Any, ttl: float) -> None:
        self.cache = cache
        self.ttl = ttl

    @staticmethod
    def key(token: str) -> str:
        return KEY_PREFIX + fingerprint(token)

    def remember(self, token: str, user_id: str) -> None:
        expires_at = time.time() + self.ttl
        jwt_exp = jwt_expiry(token)
        if jwt_exp is not None:
            expires_at = min(expires_at, jwt_exp)
        # Flask-Caching rounds timeouts to whole seconds and treats 0 as "forever".
        timeout = int(expires_at - time.time())
        if timeout < 1:
            return
        entry = {"user_id": user_id, "expires_at": expires_at}
        self._guarded("set", self.key(token), entry, timeout=timeout)

    def bound_user(self, token: str) -> str | None:
        """The user a still-trusted ``token`` was validated for, or None."""
        entry = self._guarded("get", self.key(token))
        if not isinstance(entry, dict) or entry.get("expires_at", 0) <= time.time():
            return None
        return entry.get("user_id")

    def forget(self, token: str) -> None:
        self._guarded("delete", self.key(token))

    def _guarded(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.cache, operation)(*args, **kwargs)
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
    except (ValueError, TypeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, (int, float)) else None

