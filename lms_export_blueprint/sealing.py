"""Secrets at rest (an LMS token waiting in a job, a refresh token), sealed with ``SECRET_KEY``.

Fernet (AES-128-CBC with an HMAC-SHA256, from ``cryptography``) does the encryption; the key
is derived from the app's ``SECRET_KEY`` with HKDF, so a leaked sealed value reveals nothing
without it. Needs the ``cryptography`` package (in the ``jobs`` and ``canvas`` extras).

A secret that never leaves the process (a thread-pool job's LMS token) needs no encryption:
:class:`ProcessVault` keeps it in memory behind a random handle, on a plain install.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

#: HKDF's "info": keys derived for sealing differ from any other use of SECRET_KEY.
_PURPOSE = b"lms-export-blueprint sealed secrets v1"


class SealError(ValueError):
    """A sealed value that was tampered with, expired, or sealed under another SECRET_KEY."""


class SecretKeeper(Protocol):
    """What a job's work carries instead of its LMS token: ``seal`` it, ``unseal`` it once."""

    def seal(self, secret: str) -> str: ...

    def unseal(self, sealed: str, max_age: float | None = None) -> str: ...


class Sealer:
    """``seal(text) -> str`` and ``unseal(str, max_age) -> text`` under one ``SECRET_KEY``."""

    def __init__(self, secret_key: str | bytes | None) -> None:
        if not secret_key:
            raise RuntimeError("Sealing secrets needs app.config['SECRET_KEY'] to be set")
        self._fernet = _fernet(secret_key if isinstance(secret_key, bytes)
                               else secret_key.encode())

    def seal(self, secret: str) -> str:
        return str(self._fernet.encrypt(secret.encode()).decode("ascii"))

    def unseal(self, sealed: str, max_age: float | None = None) -> str:
        """The secret; SealError when ``sealed`` is forged, older than ``max_age`` seconds,
        or from another key."""
        from cryptography.fernet import InvalidToken

        try:
            ttl = None if max_age is None else max(1, int(max_age))
            return str(self._fernet.decrypt(sealed.encode("ascii"), ttl=ttl).decode())
        except (InvalidToken, UnicodeError, ValueError):
            raise SealError("the sealed secret is invalid, expired or from another "
                            "SECRET_KEY") from None

    def __repr__(self) -> str:
        return "<Sealer>"  # never the key


class ProcessVault:
    """Secrets in this process's memory under random handles, for work that never leaves the
    process: nothing is encrypted, so no ``cryptography`` and no ``SECRET_KEY`` are needed.

    A handle opens once (``unseal`` forgets the secret) and no later than ``max_age`` seconds
    after ``seal``; secrets nobody asked for are dropped as others are sealed.
    """

    def __init__(self, max_age: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._max_age = max_age
        self._clock = clock
        self._secrets: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def seal(self, secret: str) -> str:
        handle = secrets.token_urlsafe(24)
        with self._lock:
            now = self._clock()
            for stale in [key for key, (_, at) in self._secrets.items()
                          if now - at > self._max_age]:
                del self._secrets[stale]
            self._secrets[handle] = (secret, now)
        return handle

    def unseal(self, sealed: str, max_age: float | None = None) -> str:
        """The secret, forgotten here; SealError when the handle is unknown, spent or older
        than ``max_age`` (default: the vault's)."""
        with self._lock:
            entry = self._secrets.pop(sealed, None)
        limit = self._max_age if max_age is None else max_age
        if entry is None or self._clock() - entry[1] > limit:
            raise SealError("the secret is unknown, already taken or expired")
        return entry[0]

    def __len__(self) -> int:
        return len(self._secrets)

    def __repr__(self) -> str:
        return f"<ProcessVault holding {len(self._secrets)}>"  # never a secret


def _fernet(secret_key: bytes) -> Any:
    try:
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    except ImportError:
        raise RuntimeError(
            "Sealing secrets needs the cryptography package: "
            "pip install 'lms-export-blueprint[jobs]'") from None
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key)
    return Fernet(base64.urlsafe_b64encode(key))
