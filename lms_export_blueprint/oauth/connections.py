"""What stands behind an OAuth2 handle: tokens and owner, sealed with SECRET_KEY in the cache."""

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

#: What the frontend holds as X-LMS-Token starts with this; a Canvas token never does
#: (personal access tokens read ``<shard>~<random>``).
HANDLE_PREFIX = "lmsx-canvas."
KEY_PREFIX = "lms_export:oauth:connection:"
#: Canvas refresh tokens do not expire; a connection unused for this long is let go, and the
#: teacher connects again.
CONNECTION_TTL = 30 * 24 * 3600


@dataclass(frozen=True)
class Connection:
    """A teacher's Canvas tokens, for the host user who connected them."""

    user_id: str
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    #: When Canvas said the access token ends (``expires_in``), for people reading the record.
    expires_at: float | None = None


def new_handle() -> str:
    return HANDLE_PREFIX + secrets.token_urlsafe(32)


def is_handle(token: str) -> bool:
    return token.startswith(HANDLE_PREFIX)


class ConnectionStore:
    """Connections by handle. The cache key is a hash of the handle and the value is sealed:
    a read of the cache (a Redis dump, a backup) shows neither handles nor Canvas tokens."""

    def __init__(self, cache: Any, sealer: Sealer) -> None:
        self.cache = cache
        self.sealer = sealer

    def save(self, handle: str, connection: Connection) -> None:
        sealed = self.sealer.seal(json.dumps(asdict(connection)))
        try:
            stored = self.cache.set(_key(handle), sealed, timeout=CONNECTION_TTL)
        except Exception as exc:  # any backend failure
            logger.warning("Canvas connection store set failed (%s)", type(exc).__name__)
            stored = False
        if stored is False:
            raise ConnectionNotStored()

    def load(self, handle: str) -> Connection | None:
        try:
            sealed = self.cache.get(_key(handle))
        except Exception as exc:  # any backend failure: as if the store had lost it
            logger.warning("Canvas connection store get failed (%s)", type(exc).__name__)
            return None
        if not isinstance(sealed, str):
            return None
        try:
            return Connection(**json.loads(self.sealer.unseal(sealed)))
        except (SealError, ValueError, TypeError):  # another SECRET_KEY, or tampered with
            logger.warning("Canvas connection %s could not be unsealed: SECRET_KEY changed?",
                           mask_token(handle))
            return None

    def drop(self, handle: str) -> None:
        try:
            self.cache.delete(_key(handle))
        except Exception as exc:  # it ages out after CONNECTION_TTL anyway
            logger.warning("Canvas connection store delete failed (%s)", type(exc).__name__)


def _key(handle: str) -> str:
    return KEY_PREFIX + fingerprint(handle)
