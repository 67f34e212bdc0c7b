"""One app's keys in a store that other apps may share (one Redis, one cache prefix).

Every key the extension writes (token bindings, Idempotency-Keys, the Canvas ledger, OAuth
states and connections, job records and RQ's queue) starts with the app's namespace, so two
host apps on one Redis never read each other's. ``LMS_KEY_NAMESPACE`` sets it; unset, it is
derived per app without revealing anything (docs/jobs.md, "Several apps on one Redis").
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from .config import LMSConfig

#: HMAC's message: the namespace derived from SECRET_KEY differs from any other use of it.
_PURPOSE = b"lms-export-blueprint key namespace v1"


def app_namespace(app_config: Mapping[str, Any], import_name: str, config: LMSConfig) -> str:
    """``LMS_KEY_NAMESPACE``, or ``app-`` and 16 hex digits of a hash of what sets this app
    apart: an HMAC of its ``SECRET_KEY`` (every process of one app shares it; no other app
    does), else its import name, with its URL prefix, provider and LMS root."""
    if config.key_namespace:
        return config.key_namespace
    secret = app_config.get("SECRET_KEY")
    if secret:
        key = secret if isinstance(secret, bytes) else str(secret).encode()
        who = hmac.new(key, _PURPOSE, hashlib.sha256).hexdigest()
    else:
        who = "import:" + import_name
    parts = "\n".join((who, config.url_prefix, config.provider, config.root))
    return "app-" + hashlib.sha256(parts.encode()).hexdigest()[:16]


def namespaced(namespace: str | None, key: str) -> str:
    """``key`` inside ``namespace`` (None: as it is)."""
    return key if not namespace else f"{namespace}:{key}"


class NamespacedCache:
    """A Flask-Caching cache whose every key is put under one namespace; anything else (its
    ``cache`` backend, ``clear``) is the wrapped cache's."""

    def __init__(self, cache: Any, namespace: str) -> None:
        self.wrapped = cache
        self.namespace = namespace

    def key(self, key: str) -> str:
        """The key as the backend stores it."""
        return namespaced(self.namespace, key)

    def get(self, key: str) -> Any:
        return self.wrapped.get(self.key(key))

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return self.wrapped.set(self.key(key), value, timeout=timeout)

    def add(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return self.wrapped.add(self.key(key), value, timeout=timeout)

    def delete(self, key: str) -> Any:
        return self.wrapped.delete(self.key(key))

    def has(self, key: str) -> Any:
        return self.wrapped.has(self.key(key))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
