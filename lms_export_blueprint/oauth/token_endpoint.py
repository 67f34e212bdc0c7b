"""The token endpoint (RFC 6749 sections 4.1.3 and 6), called through the app's one transport.

So it has what every LMS call has: the deadline of the login or push it serves (a refresh
inside a push shares the push's), the size cap on the answer compressed and inflated, no
redirect followed, no cookie kept. Only a 200 whose body holds an access token is a token;
a 201, 202, 3xx, 401 or 404 carrying one is not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..bodies import form_body
from ..errors import LMSBadResponse, LMSError
from ..transport import Call, LMSHTTPError, Transport
from .client import OAuthClient
from .errors import TokenEndpointRefused

#: A token endpoint says "done" with 200 and nothing else (RFC 6749 section 5.1).
_TOKEN_ISSUED = frozenset({200})
#: Statuses with which a token endpoint answers an OAuth error (RFC 6749 section 5.2).
_OAUTH_ERROR_STATUSES = frozenset({400, 401})


@dataclass(frozen=True)
class IssuedToken:
    """What a token endpoint issued."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: float | None


class TokenEndpoint:
    """``exchange(code)`` and ``refresh(refresh_token)`` for one OAuth client."""

    def __init__(self, client: OAuthClient, transport: Transport, timeout: float) -> None:
        parts = urlsplit(client.token_url)
        self._client = client
        self._transport = transport
        self._timeout = timeout
        self._root = f"{parts.scheme}://{parts.netloc}"
        self._path = parts.path + (f"?{parts.query}" if parts.query else "")

    def exchange(self, code: str) -> IssuedToken:
        """The tokens an authorization code buys (the code is single use: never resent)."""
        return self._post({"grant_type": "authorization_code", "code": code,
                           "redirect_uri": self._client.redirect_uri}, secret=code)

    def refresh(self, refresh_token: str) -> IssuedToken:
        """A new access token for ``refresh_token``."""
        return self._post({"grant_type": "refresh_token", "refresh_token": refresh_token},
                          secret=refresh_token)

    def _post(self, grant: dict[str, str], secret: str) -> IssuedToken:
        # client_secret_post (RFC 6749 section 2.3.1): Canvas reads the client from the form
        # (doc/api/oauth_endpoints.md), and Google accepts it there too.
        body = form_body({**grant, "client_id": self._client.client_id,
                          "client_secret": self._client.client_secret})
        answer = self._transport.exchange(Call(
            "POST", self._path, self._timeout, repeat_safe=False, action="login",
            body=body.data, content_type=body.content_type, accept=_TOKEN_ISSUED,
            secrets=(self._client.client_secret, secret), root=self._root,
            dialect=_TOKEN_DIALECT, endpoint=self._path.partition("?")[0]))
        return _issued(answer.body)


class _TokenEndpointDialect:
    """How a token endpoint's failures read: its OAuth errors, and nothing else as a token
    problem of the teacher's (a 401 there is about the client or the grant, never X-LMS-Token)."""

    def throttled(self, failure: LMSHTTPError) -> bool:
        return False  # a 429 reads as the shared table says: waited for, then a 429

    def error_for(self, failure: LMSHTTPError, call: Call) -> LMSError | None:
        if failure.status in _OAUTH_ERROR_STATUSES:
            error = _oauth_error(failure.body)
            if error is not None:
                return TokenEndpointRefused(error)
        if failure.status == 429 or (failure.status or 0) >= 500:
            return None
        return LMSBadResponse(f"the token endpoint answered {failure.said}", action="login")


_TOKEN_DIALECT = _TokenEndpointDialect()


def _oauth_error(body: bytes) -> str | None:
    """RFC 6749 section 5.2's ``error`` code, when the body is one (a short ASCII word)."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, str) and 0 < len(error) <= 64 and error.isascii():
        return error
    return None


def _issued(body: Any) -> IssuedToken:
    """The tokens of a 200 answer, or a 502 for a body that holds none usable."""
    if not isinstance(body, dict):
        raise LMSBadResponse("the token endpoint answered no token", action="login")
    access, refresh = body.get("access_token"), body.get("refresh_token")
    if not isinstance(access, str) or not _usable(access):
        raise LMSBadResponse("the token endpoint answered no usable access token",
                             action="login")
    expires_in = body.get("expires_in")
    return IssuedToken(
        access_token=access, refresh_token=refresh if _usable(refresh) else None,
        expires_in=(float(expires_in) if isinstance(expires_in, (int, float))
                    and not isinstance(expires_in, bool) and 0 < expires_in < 10**9 else None))


def _usable(token: Any) -> bool:
    """A token goes back in an Authorization header or a form: printable ASCII, no spaces."""
    return (isinstance(token, str) and 0 < len(token) <= 4096 and token.isascii()
            and token.isprintable() and " " not in token)
