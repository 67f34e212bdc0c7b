"""Reading one LMS answer: its body within a size cap and the deadline, and its redirects.

``transport.py`` decides what an answer means; here it is only read, or refused unread.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import requests

from .errors import LMSBadResponse
from .retry import Deadline
from .session import REFUSED_LOCATION
from .watchdog import Watchdog

#: Bytes read from the LMS at a time; the size cap and the deadline are checked between reads.
CHUNK_BYTES = 64 * 1024
#: Bytes of a failing answer's body kept for a Dialect to read.
_BODY_KEPT = 512


class LMSHTTPError(Exception):
    """One attempt failed: the LMS answered ``status`` (None: no answer, see ``timed_out``)."""

    def __init__(self, status: int | None, retry_after: str | None = None, said: str = "",
                 *, timed_out: bool = False, headers: Mapping[str, str] | None = None,
                 body: bytes = b"") -> None:
        self.status = status
        self.retry_after = retry_after
        self.said = said
        self.timed_out = timed_out
        #: The failing answer's headers (empty without an answer), for a :class:`Dialect`.
        self.headers: Mapping[str, str] = headers or {}
        #: The start of its body, for a Dialect to recognise; never shown (``said`` is).
        self.body = body[:_BODY_KEPT]
        super().__init__(said or (f"LMS answered {status}" if status else "no answer"))



def allowed_redirect(response: requests.Response, origin: str | None) -> str | None:
    """The 3xx's ``Location`` when it is on ``origin``, else None."""
    return on_origin(response.headers.get(REFUSED_LOCATION), origin)


def on_origin(url: str | None, origin: str | None) -> str | None:
    """``url`` when it is an http(s) URL on ``origin`` (scheme, host and port), where the
    LMS's token may go; else None, an unreadable URL included."""
    if not origin or not url:
        return None
    try:
        parts, allowed = urlsplit(url), urlsplit(origin)
        same = (parts.scheme, parts.netloc) == (allowed.scheme, allowed.netloc)
    except ValueError:  # "http://[oops/": not even a URL
        return None
    return url if same and parts.scheme in ("http", "https") else None


def redirect_said(response: requests.Response) -> str:
    """Names the host a 3xx pointed to; nothing is sent there."""
    location = response.headers.get(REFUSED_LOCATION)
    if not location:
        return f"the LMS answered {response.status_code} without a result"
    try:
        host = urlsplit(location).hostname or urlsplit(response.url).hostname or "the LMS"
    except ValueError:  # "http://[oops/": not even a URL
        host = "an unreadable Location"
    return f"the LMS redirected to {host[:100]}; redirects are not followed"


def read_capped(response: requests.Response, deadline: Deadline, limit: int, action: str,
                watchdog: Watchdog) -> bytes:
    """The decoded body, read in chunks: at most ``limit`` bytes and within the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, action)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise _too_large(limit, action)
            if deadline.remaining() <= 0:
                raise LMSHTTPError(None, timed_out=True)
            chunks.append(chunk)
    except requests.exceptions.ContentDecodingError:
        raise LMSBadResponse("the LMS answer could not be decompressed",
                             action=action) from None
    except requests.RequestException:
        if watchdog.fired:
            raise LMSHTTPError(None, timed_out=True) from None
        raise LMSHTTPError(None) from None
    return b"".join(chunks)


def _too_large(limit: int, action: str) -> LMSBadResponse:
    return LMSBadResponse(f"the LMS answer was larger than {limit} bytes", action=action)
