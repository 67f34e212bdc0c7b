"""The ``state`` of an authorization request: bound to one host user, short-lived, single use."""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from ..masking import fingerprint
from ..tokens import claim
from .errors import ConnectionNotStored

logger = logging.getLogger(__name__)

#: Our own prefix: some Flask-Caching backends ignore CACHE_KEY_PREFIX (see tokens.py).
KEY_PREFIX = "lms_export:oauth:state:"
#: As long as an authorization code lives (Canvas's lib/canvas/oauth/token.rb: ten minutes;
#: RFC 6749 section 4.1.2 recommends no more); a teacher who takes longer starts again.
STATE_TTL = 600


class AuthorizationStates:
    """``issue(user_id) -> state``; ``consume(state) -> user_id | None``, at most once."""

    def __init__(self, cache: Any) -> None:
        self.cache = cache

    def issue(self, user_id: str) -> str:
        """A new unguessable state, recorded for ``user_id`` with the store's atomic ``claim``."""
        state = secrets.token_urlsafe(32)
        entry = {"user_id": user_id, "expires_at": time.time() + STATE_TTL}
        # 256 random bits never collide; a holder other than our entry means the store failed.
        if claim(self.cache, _key(state), entry, STATE_TTL) != entry:
            raise ConnectionNotStored()
        return state

    def consume(self, state: str) -> str | None:
        """The user ``state`` was issued to, if it is live; the state is spent either way.

        The backend's ``delete`` answers whether it removed the key (one ``DEL`` on Redis,
        a ``pop`` on SimpleCache): of two requests racing with one state, one wins.
        """
        key = _key(state)
        try:
            entry = self.cache.get(key)
            removed = self.cache.delete(key)
        except Exception as exc:  # any backend failure: refused, never half-trusted
            logger.warning("OAuth state store failed (%s): the connection is refused",
                           type(exc).__name__)
            return None
        if not removed or not isinstance(entry, dict) or entry.get("expires_at", 0) <= time.time():
            return None
        return str(entry["user_id"])


def _key(state: str) -> str:
    return KEY_PREFIX + fingerprint(state)
