"""What stands behind an OAuth2 handle: tokens and owner, sealed with SECRET_KEY in the cache.

Any provider's connections live here; the handle's prefix (``lmsx-canvas.``) says whose.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from ..masking import fingerprint, mask_token
from ..sealing import Sealer, SealError
from .errors import ConnectionNotStored

logger = logging.getLogger(__name__)

KEY_PREFIX = "lms_export:oauth:connection:"
#: A connection unused for this long is let go, and the teacher connects again (Canvas's
#: refresh tokens do not expire; Google's last while they are used).
CONNECTION_TTL = 30 * 24 * 3600


@dataclass(frozen=True)
class Connection:
    """A teacher's LMS tokens, for the host user who connected them."""

    user_id: str
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    #: When the LMS said the access token ends (``expires_in``), for people reading the record.
    expires_at: float | None = None


def new_handle(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


class ConnectionStore:
    """Connections by handle. The cache key is a hash of the handle and the value is sealed:
    a read of the cache (a Redis dump, a backup) shows neither handles nor LMS tokens."""

    def __init__(self, cache: Any, sealer: Sealer) -> None:
        self.cache = cache
        self.sealer = sealer

    def save(self, handle: str, connection: Connection) -> None:
        sealed = self.sealer.seal(json.dumps(asdict(connection)))
        try:
            stored = self.cache.set(_key(handle), sealed, timeout=CONNECTION_TTL)
        except Exception as exc:  # any backend failure
            logger.warning("OAuth connection store set failed (%s)", type(exc).__name__)
            stored = False
        if stored is False:
            raise ConnectionNotStored()

    def load(self, handle: str) -> Connection | None:
        try:
            sealed = self.cache.get(_key(handle))
        except Exception as exc:  # any backend failure: as if the store had lost it
            logger.warning("OAuth connection store get failed (%s)", type(exc).__name__)
            return None
        if not isinstance(sealed, str):
            return None
        try:
            return Connection(**json.loads(self.sealer.unseal(sealed)))
        except (SealError, ValueError, TypeError):  # another SECRET_KEY, or tampered with
            logger.warning("OAuth connection %s could not be unsealed: SECRET_KEY changed?",
                           mask_token(handle))
            return None

    def drop(self, handle: str) -> None:
        try:
            self.cache.delete(_key(handle))
        except Exception as exc:  # it ages out after CONNECTION_TTL anyway
            logger.warning("OAuth connection store delete failed (%s)", type(exc).__name__)


def _key(handle: str) -> str:
    return KEY_PREFIX + fingerprint(handle)
