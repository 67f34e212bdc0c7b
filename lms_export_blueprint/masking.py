"""Secrets shown safely: enough of a token to tell two apart in a log, never the token."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def mask_token(token: str | None) -> str:
    """``'eyJh…#1a2b3c4d'``: four leading characters and a short fingerprint."""
    if not token:
        return "<none>"
    return f"{token[:4]}…#{fingerprint(token)[:8]}"


def fingerprint(secret: str) -> str:
    """A one-way hash of ``secret``: safe as a cache key or a log field."""
    return hashlib.sha256(secret.encode()).hexdigest()


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``[redacted]``."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, "[redacted]")
    return text
