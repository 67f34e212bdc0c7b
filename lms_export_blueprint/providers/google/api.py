"""GoogleAPI: calls to Classroom, Forms and Drive over the app's one transport.

Each API has its own host (the ``rootUrl`` of its discovery document); with ``LMS_BASE_URL``
set, one root serves them all (a double or a proxy). Here live what every call shares: the
access token behind X-LMS-Token (refreshed once on a 401 when OAuth2 provides one), Google's
reading of failures, and ``nextPageToken`` paging.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from ...bodies import Body, json_bytes
from ...config import LMSConfig
from ...errors import LMSBadResponse, LMSError, LMSTokenInvalid
from ...transport import JSON, Answer, Call, Transport
from .errors import GoogleDialect

#: Each API's host, from its discovery document's ``rootUrl``.
HOSTS = {"classroom": "https://classroom.googleapis.com",
         "forms": "https://forms.googleapis.com",
         "drive": "https://www.googleapis.com",
         "oauth": "https://oauth2.googleapis.com"}
#: Pages of a list read at most: a loop of page tokens must end.
MAX_PAGES = 50

_DIALECT = GoogleDialect()

#: Query parameters: a mapping, or pairs where a name repeats (``courseWorkStates``).
Query = Mapping[str, str] | Sequence[tuple[str, str]]


class Refresher(Protocol):
    """What OAuth2 offers the API: the access token behind X-LMS-Token, and a fresh one."""

    def access_token_for(self, lms_token: str) -> str: ...

    def refresh(self, lms_token: str) -> str | None: ...


class GoogleAPI:
    """Classroom, Forms and Drive for one app, reached through its transport."""

    def __init__(self, config: LMSConfig, transport: Transport,
                 oauth: Callable[[], Refresher | None] = lambda: None) -> None:
        self.config = config
        self.transport = transport
        self._oauth = oauth

    def root(self, api: str) -> str:
        return self.config.root if self.config.base_url else HOSTS[api]

    def call(self, method: str, api: str, path: str, lms_token: str, *, body: Any = None,
             query: Query | None = None, action: str = "export",
             timeout: float | None = None, repeat_safe: bool | None = None,
             errors: Mapping[int, type[LMSError]] | None = None,
             raw: Body | None = None, needs_body: bool = True) -> Answer:
        """``method path`` on ``api`` as the teacher behind ``lms_token``; ``raw``, a body
        that is not JSON (a Drive multipart upload)."""
        oauth = self._oauth()
        target = path + (f"?{urlencode(query)}" if query else "")
        call = Call(
            method, target, timeout or self.config.timeout,
            repeat_safe=method != "POST" if repeat_safe is None else repeat_safe,
            action=action,
            token=oauth.access_token_for(lms_token) if oauth is not None else lms_token,
            body=raw.data if raw is not None else (json_bytes(body) if body is not None else None),
            needs_body=needs_body, status_errors=errors or {}, secrets=(lms_token,),
            root=self.root(api),
            dialect=_DIALECT, endpoint=endpoint_of(path),
            content_type=raw.content_type if raw is not None else JSON)
        try:
            return self.transport.exchange(call)
        except LMSTokenInvalid:
            fresh = oauth.refresh(lms_token) if oauth is not None else None
            if fresh is None:
                raise
            return self.transport.exchange(replace(call, token=fresh))

    def items(self, api: str, path: str, key: str, lms_token: str, query: Query | None = None,
              found: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
        """Every item of a Google list under ``key``, page by page (``nextPageToken``); with
        ``found``, pages stop being read once an item satisfies it."""
        collected: list[dict[str, Any]] = []
        pairs = list(query.items()) if isinstance(query, Mapping) else list(query or [])
        for _ in range(MAX_PAGES):
            body = self.call("GET", api, path, lms_token, query=pairs).body
            if not isinstance(body, dict):
                raise LMSBadResponse(f"the Google list answer at {path} was not an object")
            page = [item for item in body.get(key, []) if isinstance(item, dict)]
            collected.extend(page)
            token = body.get("nextPageToken")
            if not token or (found is not None and any(found(item) for item in page)):
                return collected
            pairs = [(name, value) for name, value in pairs if name != "pageToken"]
            pairs.append(("pageToken", str(token)))
        raise LMSBadResponse(f"the Google list at {path} ran past {MAX_PAGES} pages")


def segment(value: str) -> str:
    return quote(value, safe="")


def field_of(answer: Answer, name: str, what: str) -> str:
    body = answer.body
    value = body.get(name) if isinstance(body, dict) else None
    if not isinstance(value, str) or not value:
        raise LMSBadResponse(f"the Google {what} answer had no {name}")
    return value


def endpoint_of(path: str) -> str:
    """``path`` as a metric label: ids as placeholders (``/v1/courses/{id}/courseWork``)."""
    path = _FORM_ID.sub(r"/v1/forms/{id}", path.partition("?")[0])
    path = _FILE_ID.sub(r"\1/{id}", path)
    return _NUMERIC.sub("/{id}", path)


_FORM_ID = re.compile(r"/v1/forms/[^/:]+")
_FILE_ID = re.compile(r"(/files)/[^/]+")
_NUMERIC = re.compile(r"/(?:p:)?[0-9A-Za-z_-]*\d[0-9A-Za-z_-]*(?=/|$)")
