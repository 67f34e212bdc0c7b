"""GoogleDouble: Classroom, Forms, Drive and Google's OAuth 2.0 in memory, under one root.

It knows nothing of transports: ``FakeGoogle`` serves it through ``responses``, ``LiveGoogle``
through a real HTTP server on 127.0.0.1. Every request body is checked against its method's
schema in Google's discovery documents (``schema``) before an endpoint sees it.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from ..clock import Clock
from ..reference_lms import FaultQueue, LMSResponse, Outcome
from . import classroom, drive, forms, oauth, schema
from .api import WWW_AUTHENTICATE, GoogleError, Request, bearer, error, query_of, repeated_of
from .faults import GoogleFault
from .grading import Answer, grade, questions

#: The scopes a token from :meth:`GoogleDouble.add_user` holds: every one the double serves.
ALL_SCOPES = frozenset(
    "https://www.googleapis.com/auth/" + scope for scope in (
        "classroom.courses", "classroom.coursework.students", "classroom.courseworkmaterials",
        "classroom.topics", "classroom.profile.emails", "drive.file"))
#: Methods whose endpoint reads its own body (a multipart upload's metadata part).
_OWN_BODY = {"drive.files.create", "drive.files.update"}

_TABLES = (classroom.ROUTES, forms.ROUTES, drive.ROUTES, oauth.ROUTES)
ROUTES: list[tuple[str, re.Pattern[str], str | None, Callable[..., LMSResponse]]] = [
    (method, re.compile(pattern + r"\Z"), method_id, handler)
    for table in _TABLES for method, pattern, method_id, handler in table]


@dataclass(frozen=True)
class GoogleCall:
    """One request the double received."""

    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    body: bytes = field(default=b"", compare=False, repr=False)


@dataclass
class AccessToken:
    user_id: str
    scopes: frozenset[str]
    expires_at: float | None = None
    refresh_token: str | None = field(default=None, repr=False)


class GoogleDouble:
    """Users, courses, course work, materials, topics, forms and Drive files; thread-safe."""

    def __init__(self, *, base_url: str = "https://google.example.test") -> None:
        self._base_url = base_url.rstrip("/")
        self.clock = Clock()
        #: Seconds added to every answer: a stand-in for the network and Google's work.
        self.latency = 0.0
        self.users: dict[str, dict[str, Any]] = {}
        self.courses: dict[str, dict[str, Any]] = {}
        #: Course aliases (``p:...``) to Classroom ids.
        self.aliases: dict[str, str] = {}
        self.course_work: dict[str, dict[str, dict[str, Any]]] = {}
        self.materials: dict[str, dict[str, dict[str, Any]]] = {}
        self.topics: dict[str, dict[str, dict[str, Any]]] = {}
        self.forms: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.oauth_clients: dict[str, dict[str, str]] = {}
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.browser_user: str | None = None
        self.deny_authorization = False
        self.calls: list[GoogleCall] = []
        self.faults = FaultQueue()
        self._tokens: dict[str, AccessToken] = {}
        self._ids = itertools.count(100_000_000_001)
        self.lock = threading.RLock()

    @property
    def base_url(self) -> str:
        return self._base_url

    # --- set-up ------------------------------------------------------------------------------

    def add_user(self, name: str = "Ada Teacher", *, email: str | None = None,
                 consumer: bool = False, scopes: frozenset[str] = ALL_SCOPES,
                 ttl: float | None = None) -> str:
        """A user and an access token for it (returned). ``consumer``: a personal Google
        account, which cannot make ACTIVE courses."""
        with self.lock:
            user_id = str(self.new_numeric_id())
            given, _, family = name.partition(" ")
            self.users[user_id] = {
                "id": user_id, "emailAddress": email or f"user{user_id}@school.example.edu",
                "name": {"givenName": given, "familyName": family, "fullName": name},
                "verifiedTeacher": not consumer, "consumer": consumer}
            return self.issue_token(user_id, scopes=scopes, ttl=ttl)

    def issue_token(self, user_id: str, *, scopes: frozenset[str] = ALL_SCOPES,
                    ttl: float | None = None, refresh_token: str | None = None) -> str:
        token = "ya29." + secrets.token_urlsafe(40)
        expires = None if ttl is None else self.clock.now() + ttl
        with self.lock:
            self._tokens[token] = AccessToken(user_id, frozenset(scopes), expires, refresh_token)
        return token

    def user_id(self, token: str) -> str:
        return self._tokens[token].user_id

    def expire(self, token: str) -> None:
        with self.lock:
            self._tokens[token].expires_at = self.clock.now() - 1

    def refresh(self, refresh_token: str) -> AccessToken | None:
        with self.lock:
            return next((held for held in self._tokens.values()
                         if held.refresh_token and held.refresh_token == refresh_token), None)

    def add_course(self, name: str = "Course", *, teacher: str) -> str:
        """An existing course taught by the user behind the token ``teacher``."""
        body = json.dumps({"name": name, "ownerId": "me"}).encode()
        request = Request("POST", "/v1/courses", {}, {}, body, self.base_url,
                          user=self.users[self.user_id(teacher)])
        with self.lock:
            return str(json.loads(classroom.create_course(self, request).body)["id"])

    def add_oauth_client(self, redirect_uri: str) -> tuple[str, str]:
        """A Cloud console OAuth client: ``(client_id, client_secret)``."""
        client_id = f"{self.new_numeric_id()}-double.apps.googleusercontent.com"
        secret = "GOCSPX-" + secrets.token_urlsafe(21)
        self.oauth_clients[client_id] = {"secret": secret, "redirect_uri": redirect_uri}
        return client_id, secret

    # --- ids ---------------------------------------------------------------------------------

    def new_numeric_id(self) -> str:
        return str(next(self._ids))

    def new_hex_id(self) -> str:
        return secrets.token_hex(4)

    def new_file_id(self) -> str:
        return "1" + secrets.token_urlsafe(32)

    def new_revision(self) -> str:
        return "00000" + secrets.token_hex(6)

    def timestamp(self) -> str:
        return datetime.fromtimestamp(self.clock.now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    # --- inspection --------------------------------------------------------------------------

    def form_at(self, url: str) -> dict[str, Any] | None:
        """The form whose responder link is ``url``."""
        return next((form for form in self.forms.values() if form["responderUri"] == url), None)

    def questions(self, form_id: str) -> list[dict[str, Any]]:
        return questions(self.forms[form_id])

    def grade(self, form_id: str, answers: Mapping[str, Answer]) -> int:
        """Points the answer key gives a response (answers by questionId or item title)."""
        return grade(self.forms[form_id], answers)

    def document(self, file_id: str) -> dict[str, Any]:
        return self.files[file_id]

    def calls_to(self, method: str, path_part: str) -> list[GoogleCall]:
        return [c for c in self.calls if c.method == method and path_part in c.path]

    # --- fault injection ---------------------------------------------------------------------

    def fail_next(self, status: int = 503, *, reason: str | None = None,
                  headers: dict[str, str] | None = None, body: bytes | str | None = None,
                  times: int = 1, path: str | None = None, method: str | None = None,
                  after_processing: bool = False) -> None:
        """Answer the next ``times`` matching calls with ``status`` in Google's envelope."""
        fault = GoogleFault("status", times, status, dict(headers or {}),
                            body.encode() if isinstance(body, str) else body, path=path,
                            method=method, after_processing=after_processing)
        fault.reason = reason
        self.faults.add(fault)

    def rate_limit_next(self, *, times: int = 1, status: int = 429, path: str | None = None,
                        method: str | None = None) -> None:
        """A quota refusal: 429 RESOURCE_EXHAUSTED, or (``status=403``) Drive's 403
        ``userRateLimitExceeded`` (Drive's "Resolve errors" guide)."""
        reason = "rateLimitExceeded" if status == 429 else "userRateLimitExceeded"
        self.fail_next(status, reason=reason, times=times, path=path, method=method)

    def timeout_next(self, *, seconds: float | None = None, times: int = 1,
                     path: str | None = None, method: str | None = None,
                     after_processing: bool = False) -> None:
        self.faults.add(GoogleFault("timeout", times, seconds=seconds, path=path, method=method,
                                    after_processing=after_processing))

    def refuse_next(self, *, times: int = 1, path: str | None = None, method: str | None = None,
                    after_processing: bool = False) -> None:
        self.faults.add(GoogleFault("refuse", times, path=path, method=method,
                                    after_processing=after_processing))

    # --- serving -----------------------------------------------------------------------------

    def dispatch(self, method: str, target: str, headers: dict[str, str],
                 body: bytes) -> Outcome:
        path, _, query = target.partition("?")
        fault = self.faults.take(method, path)
        if fault is not None and fault.kind == "refuse" and not fault.after_processing:
            return Outcome(None, fault)
        headers = {key.title(): value for key, value in headers.items()}
        with self.lock:
            self.calls.append(GoogleCall(method, path, query, headers, body))
        if fault is not None and not fault.after_processing:
            return Outcome(fault.response() if fault.kind == "status" else None, fault)
        if self.latency:
            time.sleep(self.latency)
        answer = self.handle(method, path, query, headers, body)
        if fault is not None:
            return Outcome(fault.response() if fault.kind == "status" else None, fault)
        return Outcome(answer, None)

    def handle(self, method: str, path: str, query: str, headers: dict[str, str],
               body: bytes) -> LMSResponse:
        request = Request(method, path, query_of(query), headers, body, self.base_url,
                          repeated=repeated_of(query))
        for route_method, pattern, method_id, handler in ROUTES:
            match = pattern.match(path)
            if match is None or route_method != method:
                continue
            try:
                if method_id is not None:
                    self._admit(request, method_id)
                with self.lock:
                    return handler(self, request, *(unquote(g) for g in match.groups()))
            except GoogleError as refusal:
                return refusal.response()
        return error(404, "Method not found.", reason="notFound")

    def _admit(self, request: Request, method_id: str) -> None:
        """A valid, unexpired token holding one of the method's scopes; its query
        parameters and body as the discovery document declares them."""
        token = bearer(request.headers) or request.query.get("access_token")
        with self.lock:
            access = self._tokens.get(token or "")
        if access is None or (access.expires_at is not None
                              and access.expires_at <= self.clock.now()):
            raise GoogleError(401, "Request had invalid authentication credentials. Expected "
                              "OAuth 2 access token, login cookie or other valid "
                              "authentication credential.", headers=dict(WWW_AUTHENTICATE))
        if not access.scopes & set(schema.scopes(method_id)):
            raise GoogleError(403, "Request had insufficient authentication scopes.",
                              reason="insufficientPermissions")
        request.user = self.users[access.user_id]
        request.scopes = access.scopes
        schema.check_query(method_id, request.query)
        if method_id not in _OWN_BODY and request.method in ("POST", "PATCH", "PUT"):
            schema.check_body(method_id, request.json())
