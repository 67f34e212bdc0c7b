"""Secrets at rest (an LMS token waiting in a job, a refresh token), sealed with ``SECRET_KEY``.

Fernet (AES-128-CBC with an HMAC-SHA256, from ``cryptography``) does the encryption; the key
is derived from the app's ``SECRET_KEY`` with HKDF, so a leaked sealed value reveals nothing
without it. Needs the ``cryptography`` package (in the ``jobs`` and ``canvas`` extras).
"""

from __future__ import annotations

import base64
from typing import Any

#: HKDF's "info": keys derived for sealing differ from any other use of SECRET_KEY.
_PURPOSE = b"lms-export-blueprint sealed secrets v1"


class SealError(ValueError):
    """A sealed value that was tampered with, expired, or sealed under another SECRET_KEY."""


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
