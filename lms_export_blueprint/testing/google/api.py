"""What every endpoint of the Google double shares: the request, JSON answers, Google's errors.

Google's APIs answer a failure with one envelope (https://cloud.google.com/apis/design/errors,
and the Classroom guide "Request errors"): ``{"error": {"code", "message", "status",
"errors": [{"message", "domain", "reason"}]}}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from ..reference_lms import LMSResponse

#: google.rpc.Code names by HTTP status, as Google's APIs pair them.
STATUS_NAMES = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
                404: "NOT_FOUND", 409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED",
                500: "INTERNAL", 503: "UNAVAILABLE"}
#: The legacy ``errors[].reason`` Google sends beside each status.
REASONS = {400: "badRequest", 401: "authError", 403: "forbidden", 404: "notFound",
           409: "conflict", 429: "rateLimitExceeded", 500: "backendError",
           503: "backendError"}

#: Google's challenge on a missing, unknown or expired access token (RFC 6750).
WWW_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
                                        'error="invalid_token"'}

#: (method, path pattern, discovery method id or None, endpoint)
Route = tuple[str, str, "str | None", Callable[..., LMSResponse]]


class GoogleError(Exception):
    """An endpoint's refusal, answered in Google's envelope."""

    def __init__(self, code: int, message: str, *, status: str | None = None,
                 reason: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or STATUS_NAMES.get(code, "UNKNOWN")
        self.reason = reason or REASONS.get(code, "unknown")
        self.headers = headers or {}

    def response(self) -> LMSResponse:
        return error(self.code, self.message, status=self.status, reason=self.reason,
                     headers=self.headers)


def invalid(message: str) -> GoogleError:
    return GoogleError(400, message)


def not_found(what: str) -> GoogleError:
    return GoogleError(404, f"Requested entity was not found. ({what})")


def denied(message: str = "The caller does not have permission") -> GoogleError:
    return GoogleError(403, message)


def error(code: int, message: str, *, status: str | None = None, reason: str | None = None,
          headers: dict[str, str] | None = None) -> LMSResponse:
    return reply(code, {"error": {
        "code": code, "message": message, "status": status or STATUS_NAMES.get(code, "UNKNOWN"),
        "errors": [{"message": message, "domain": "global",
                    "reason": reason or REASONS.get(code, "unknown")}]}}, headers)


def reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> LMSResponse:
    return LMSResponse.json(status, payload, headers)


def empty() -> LMSResponse:
    """``Empty`` of the Classroom API: 200 ``{}``."""
    return reply(200, {})


@dataclass
class Request:
    """One request after routing; ``user`` and ``scopes`` are set once its token checked out."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    base_url: str
    user: dict[str, Any] | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    #: Every value of a repeated query parameter (``courseWorkStates=A&courseWorkStates=B``).
    repeated: dict[str, list[str]] = field(default_factory=dict)

    def json(self) -> Any:
        """The body as JSON (an empty body is ``{}``), or Google's 400 for broken JSON."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise invalid("Invalid JSON payload received. Unexpected token.") from None

    @property
    def user_id(self) -> str:
        assert self.user is not None
        return str(self.user["id"])


def query_of(raw: str) -> dict[str, str]:
    return dict(parse_qsl(raw, keep_blank_values=True))


def repeated_of(raw: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw, keep_blank_values=True):
        found.setdefault(name, []).append(value)
    return found


def bearer(headers: dict[str, str]) -> str | None:
    scheme, _, token = headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def page(request: Request, items: list[Any], key: str, default_size: int = 100) -> LMSResponse:
    """One page of ``items`` under ``key`` with ``nextPageToken`` while more remain; the
    token is opaque to the client (here: the next offset)."""
    try:
        start = int(request.query.get("pageToken") or 0)
        size = int(request.query.get("pageSize") or 0) or default_size
    except ValueError:
        raise invalid("Invalid page token or page size") from None
    if start < 0 or size < 0:
        raise invalid("Invalid page token or page size")
    chunk = items[start:start + size]
    payload: dict[str, Any] = {key: chunk} if chunk else {}
    if start + size < len(items):
        payload["nextPageToken"] = str(start + size)
    return reply(200, payload)
