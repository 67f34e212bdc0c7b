"""Secrets shown safely: enough of a token to tell two apart in a log, never the token.

The LMS's own error text reaches our 502 detail and our log, so it is masked here too, on the
raw text, before anything else is done to it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

#: Any run of this many characters shared with a secret is masked, not just the whole secret:
#: an LMS that echoes a password cut, re-spaced or wrapped in markup still shows only runs of
#: it. Eight keeps ordinary words of a message readable while leaving an attacker at most
#: seven characters of any one run.
MIN_SECRET_FRAGMENT = 8
#: Longest LMS message looked at: everything after is dropped before any other work.
MAX_LMS_TEXT = 4096
#: Longest LMS message shown in a detail.
MAX_LMS_DETAIL = 200
REDACTED = "[redacted]"


def mask_token(token: str | None) -> str:
    """``'eyJh…#1a2b3c4d'``: four leading characters and a short fingerprint."""
    if not token:
        return "<none>"
    return f"{token[:4]}…#{fingerprint(token)[:8]}"


def fingerprint(secret: str) -> str:
    """A one-way hash of ``secret``: safe as a cache key or a log field."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret, and each run of ``MIN_SECRET_FRAGMENT`` or more characters
    shared with a secret, replaced by ``[redacted]``.

    Runs are sought with markup and whitespace set aside: ``Sunf<b>lower</b> Mea dow`` holds
    ``SunflowerMeadow`` once its tags and spaces go, as a reader of the detail would see it,
    so the whole stretch (tags and spaces within) is masked.
    """
    secrets = [secret for secret in secrets if secret]
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    grams = {squeezed[start:start + MIN_SECRET_FRAGMENT]
             for squeezed in ("".join(secret.split()) for secret in secrets)
             for start in range(len(squeezed) - MIN_SECRET_FRAGMENT + 1)}
    if not grams:
        return text
    kept, where = _without_markup_and_spaces(text)
    # Every shared run of 8 or more is a chain of shared 8-grams, so marking each 8-gram of
    # the text found in a secret marks exactly those runs. Marks are counted as +1 where a
    # stretch starts and -1 past its end, then summed once: linear in len(text).
    marks = [0] * (len(text) + 1)
    for start in range(len(kept) - MIN_SECRET_FRAGMENT + 1):
        if kept[start:start + MIN_SECRET_FRAGMENT] in grams:
            marks[where[start]] += 1
            marks[where[start + MIN_SECRET_FRAGMENT - 1] + 1] -= 1
    hidden = bytearray(len(text))
    depth = 0
    for position in range(len(text)):
        depth += marks[position]
        hidden[position] = depth > 0
    return _replace_marked(text, hidden)


def _without_markup_and_spaces(text: str) -> tuple[str, list[int]]:
    """``text`` without its ``<...>`` tags and whitespace, and where each kept character was."""
    kept: list[str] = []
    where: list[int] = []
    position = 0
    tags_left = True  # no '>' after one '<' means none after any later '<' either
    while position < len(text):
        char = text[position]
        if char == "<" and tags_left:
            closing = text.find(">", position + 1)
            if closing != -1:
                position = closing + 1
                continue
            tags_left = False
        if not char.isspace():
            kept.append(char)
            where.append(position)
        position += 1
    return "".join(kept), where


def _replace_marked(text: str, hidden: bytearray) -> str:
    parts: list[str] = []
    position = 0
    while position < len(text):
        start = hidden.find(1, position)
        if start == -1:
            parts.append(text[position:])
            break
        end = hidden.find(0, start)
        end = len(text) if end == -1 else end
        parts.extend((text[position:start], REDACTED))
        position = end
    return "".join(parts)


def strip_tags(text: str) -> str:
    """``text`` with each ``<...>`` replaced by a space, in one pass (never a backtracking
    regex: ``<[^>]*>`` is quadratic on a body of ``<``)."""
    parts: list[str] = []
    position = 0
    while True:
        opening = text.find("<", position)
        closing = -1 if opening == -1 else text.find(">", opening + 1)
        if closing == -1:  # no '>' after this '<' means none after any later '<' either
            parts.append(text[position:])
            return "".join(parts)
        parts.extend((text[position:opening], " "))
        position = closing + 1


def what_lms_said(status: int, reason: str | None, content_type: str, body: bytes,
                  secrets: Iterable[str]) -> str:
    """A short readable account of an LMS error answer, secrets masked; never an HTML page."""
    secrets = tuple(secrets)
    summary = mask_secrets(f"{status} {(reason or '')[:100]}".strip(), secrets)
    message = _lms_message(body) if "json" in content_type else None
    if not message:
        return summary
    message = mask_secrets(message[:MAX_LMS_TEXT], secrets)  # before any other change
    message = " ".join(strip_tags(message).split())[:MAX_LMS_DETAIL]
    message = mask_secrets(message, secrets)
    return f"{summary}: {message}" if message else summary


def _lms_message(body: bytes) -> str | None:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict):
        return None
    found = next((payload[key] for key in ("detail", "message", "error")
                  if isinstance(payload.get(key), str)), None)
    return found if found is not None else _canvas_messages(payload.get("errors"))


def _canvas_messages(errors: Any) -> str | None:
    """Canvas's ``errors``: ``[{"message"}]`` (lib/api.rb), or keyed by attribute, each a list
    of ``{"attribute", "message"}`` (lib/api/errors.rb, active_model_errors.rb)."""
    if isinstance(errors, dict):
        errors = [entry for entries in errors.values() if isinstance(entries, list)
                  for entry in entries]
    if not isinstance(errors, list):
        return None
    messages = [entry["message"] for entry in errors
                if isinstance(entry, dict) and isinstance(entry.get("message"), str)]
    return "; ".join(messages) or None
