"""CanvasDouble: an in-memory Canvas speaking /api/v1, /api/quiz/v1 and /login/oauth2.

It knows nothing of transports: ``FakeCanvas`` serves it through ``responses``, ``LiveCanvas``
through a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import random
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ..clock import Clock
from ..reference_lms import LMSResponse, Outcome
from . import courses, files, modules, new_quizzes, oauth, pages, quizzes
from .api import WWW_AUTHENTICATE, Request, Route, bearer, error
from .faults import CanvasFault, FaultQueue
from .holds import Hold, HoldBroken
from .params import ParameterTypeError, parse_nested_query, request_params
from .throttle import Throttle

_TABLES: tuple[list[Route], ...] = (
    courses.ROUTES, quizzes.ROUTES, new_quizzes.ROUTES, pages.ROUTES, modules.ROUTES,
    files.ROUTES, oauth.ROUTES)
#: (method, path pattern, handler, needs a token); the path's groups go to the handler.
ROUTES: list[tuple[str, re.Pattern[str], Callable[..., LMSResponse], bool]] = [
    (method, re.compile(pattern + r"\Z"), handler, not pattern.startswith("/login/"))
    for table in _TABLES for method, pattern, handler in table] + [
    (method, re.compile(pattern + r"\Z"), handler, False)
    for method, pattern, handler in files.PUBLIC_ROUTES]


@dataclass(frozen=True)
class CanvasCall:
    """One request the double received; ``params`` as Rails would read them."""

    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    body: bytes = field(default=b"", compare=False, repr=False)

    @property
    def params(self) -> dict[str, Any]:
        return request_params(self.query, self.body, self.headers.get("Content-Type", ""))


@dataclass
class AccessToken:
    user_id: int
    expires_at: float | None = None
    refresh_token: str | None = field(default=None, repr=False)


class CanvasDouble:
    """Users, accounts, courses, quizzes and pages in memory; thread-safe; calls recorded."""

    def __init__(self, *, throttle: Throttle | None = None,
                 base_url: str = "https://canvas.example.test") -> None:
        self._base_url = base_url.rstrip("/")
        self.clock = Clock()
        self.throttle = throttle or Throttle()
        #: Seconds added to every answer (charged to the throttle like real work).
        self.latency = 0.0
        #: lib/api.rb leaves rel="last" out where counting is costly; False acts that out.
        self.pagination_last = True
        self.users: dict[int, dict[str, Any]] = {}
        self.accounts: dict[int, dict[str, Any]] = {}
        self.courses: dict[int, dict[str, Any]] = {}
        self.quizzes: dict[int, dict[str, Any]] = {}
        self.new_quizzes: dict[int, dict[str, Any]] = {}
        self.pages: dict[int, list[dict[str, Any]]] = {}
        self.modules: dict[int, dict[str, Any]] = {}
        self.assignment_groups: dict[int, dict[str, Any]] = {}
        #: Course files by id: ``name``, ``content_type``, ``data`` (bytes), ``state``.
        self.files: dict[int, dict[str, Any]] = {}
        self.developer_keys: dict[str, dict[str, Any]] = {}
        #: The user signed in to Canvas in the browser during OAuth2 (default: the first user).
        self.browser_user: int | None = None
        self.calls: list[CanvasCall] = []
        self.faults = FaultQueue()
        self.holds: list[Hold] = []
        self.rng = random.Random(0)  # answer ids, reproducibly
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.deny_authorization = False
        self._tokens: dict[str, AccessToken] = {}
        self._ids = itertools.count(1)
        self.lock = threading.RLock()
        self.account_id = self.add_account("Default Account")

    @property
    def base_url(self) -> str:
        """Where the double answers; the root of its ``Link`` and OAuth2 URLs."""
        return self._base_url

    @property
    def file_store_url(self) -> str:
        """The file store that takes upload step 2: another host than Canvas (``localhost``
        for a double on 127.0.0.1, ``files.`` before the host otherwise)."""
        scheme, _, rest = self.base_url.partition("://")
        if rest.startswith("127.0.0.1"):
            return f"{scheme}://localhost{rest[len('127.0.0.1'):]}"
        return f"{scheme}://files.{rest}"

    # --- set-up ------------------------------------------------------------------------------

    def next_id(self) -> int:
        return next(self._ids)

    def add_account(self, name: str) -> int:
        with self.lock:
            account_id = self.next_id()
            self.accounts[account_id] = {"id": account_id, "name": name, "admins": set()}
            return account_id

    def add_user(self, name: str = "Teacher", *, email: str | None = None,
                 admin_of: Iterable[int] = (), ttl: float | None = None) -> str:
        """A user with a personal access token (returned); ``admin_of`` lists account ids
        whose courses the user may create. A token without ``ttl`` never expires."""
        with self.lock:
            user_id = self.next_id()
            login = email or f"user{user_id}@example.edu"
            self.users[user_id] = {"id": user_id, "name": name, "sortable_name": name,
                                   "short_name": name, "login_id": login,
                                   "primary_email": login}
            for account_id in admin_of:
                self.accounts[account_id]["admins"].add(user_id)
            return self.issue_token(user_id, ttl=ttl)

    def issue_token(self, user_id: int, *, ttl: float | None = None,
                    refresh_token: str | None = None) -> str:
        token = f"{user_id}~{secrets.token_urlsafe(24)}"
        expires = None if ttl is None else self.clock.now() + ttl
        with self.lock:
            self._tokens[token] = AccessToken(user_id, expires, refresh_token)
        return token

    def user_id(self, token: str) -> int:
        return self._tokens[token].user_id

    def expire(self, token: str) -> None:
        """Let ``token`` run out now, as an OAuth2 token does after an hour."""
        with self.lock:
            self._tokens[token].expires_at = self.clock.now() - 1

    def revoke(self, token: str) -> None:
        with self.lock:
            self._tokens.pop(token, None)

    def add_course(self, name: str = "Course", *, teacher: str | None = None,
                   account_id: int | None = None) -> int:
        """An existing course; ``teacher`` (a token) is enrolled as its teacher."""
        owner = self.user_id(teacher) if teacher else None
        return courses.create(self, account_id or self.account_id, {"name": name}, owner)["id"]

    def add_developer_key(self, redirect_uri: str) -> tuple[str, str]:
        """A developer key for OAuth2: ``(client_id, client_secret)``."""
        client_id, secret = str(10000000000000 + self.next_id()), secrets.token_urlsafe(32)
        self.developer_keys[client_id] = {"secret": secret, "redirect_uri": redirect_uri}
        return client_id, secret

    # --- inspection --------------------------------------------------------------------------

    def questions(self, quiz_id: int) -> list[dict[str, Any]]:
        return list(self.quizzes[int(quiz_id)]["questions"])

    def published_questions(self, quiz_id: int) -> list[dict[str, Any]]:
        """The questions students take: those there when the quiz was last published."""
        return list(self.quizzes[int(quiz_id)]["quiz_data"])

    def items(self, assignment_id: int) -> list[dict[str, Any]]:
        return list(self.new_quizzes[int(assignment_id)]["items"])

    def page(self, course_id: int, url: str) -> dict[str, Any] | None:
        return pages.find(self, int(course_id), url)

    def calls_to(self, method: str, path_part: str) -> list[CanvasCall]:
        return [c for c in self.calls if c.method == method and path_part in c.path]

    # --- fault injection ---------------------------------------------------------------------

    def fail_next(self, status: int = 503, *, headers: dict[str, str] | None = None,
                  body: bytes | str | None = None, times: int = 1, path: str | None = None,
                  method: str | None = None, after_processing: bool = False) -> None:
        """Answer the next ``times`` matching calls with ``status`` (body: Canvas errors)."""
        raw = body.encode() if isinstance(body, str) else body
        self.faults.add(CanvasFault("status", times, status, dict(headers or {}), raw,
                                    path=path, method=method, after_processing=after_processing))

    def rate_limit_next(self, *, times: int = 1, status: int = 403, path: str | None = None,
                        method: str | None = None) -> None:
        """Refuse the next calls exactly as the throttle does, whatever the bucket holds."""
        refused_status, headers, body = Throttle(status=status).refusal()
        self.fail_next(refused_status, headers=headers, body=body, times=times, path=path,
                       method=method)

    def timeout_next(self, *, seconds: float | None = None, times: int = 1,
                     path: str | None = None, method: str | None = None,
                     after_processing: bool = False) -> None:
        """Leave the next matching calls unanswered: until the client gives up (a timeout), or
        for ``seconds`` and then drop the connection, as the reference LMS's ``timeout_next``."""
        self.faults.add(CanvasFault("timeout", times, seconds=seconds, path=path, method=method,
                                    after_processing=after_processing))

    def refuse_next(self, *, times: int = 1, path: str | None = None, method: str | None = None,
                    after_processing: bool = False) -> None:
        """Refuse (live: drop) the connection of the next matching calls."""
        self.faults.add(CanvasFault("refuse", times, path=path, method=method,
                                    after_processing=after_processing))

    def hold_next(self, calls: int, *, path: str, method: str = "POST") -> Hold:
        """Hold the next ``calls`` matching calls until all have arrived, then answer them in
        reverse order of arrival: a client that sends them one at a time gets a 500 after
        ``holds.HOLD_SECONDS``; one that sends them at once finds them stored reversed."""
        hold = Hold(method, path, calls)
        self.holds.append(hold)
        return hold

    # --- serving -----------------------------------------------------------------------------

    def dispatch(self, method: str, target: str, headers: dict[str, str],
                 body: bytes) -> Outcome:
        """Receive one request (``target`` is path and query): an answer or a fault to act out."""
        path, _, query = target.partition("?")
        fault = self.faults.take(method, path)
        if fault is not None and fault.kind == "refuse" and not fault.after_processing:
            return Outcome(None, fault)  # never reached Canvas: not recorded
        headers = {key.title(): value for key, value in headers.items()}
        with self.lock:
            self.calls.append(CanvasCall(method, path, query, headers, body))
            held = self._hold_for(method, path) if fault is None else None
        if fault is None:
            if held is None:
                return Outcome(self._throttled(method, path, query, headers, body), None)
            hold, index = held
            try:
                return Outcome(hold.run(index, lambda: self._throttled(
                    method, path, query, headers, body)), None)
            except HoldBroken as broken:
                return Outcome(error(500, str(broken)), None)
        if fault.after_processing:
            self._throttled(method, path, query, headers, body)
        return Outcome(fault.response() if fault.kind == "status" else None, fault)

    def _hold_for(self, method: str, path: str) -> tuple[Hold, int] | None:
        """The hold this call falls under and its place in it, or None."""
        with self.lock:
            hold = next((hold for hold in self.holds if hold.matches(method, path)), None)
            return None if hold is None else (hold, hold.claim())

    def _throttled(self, method: str, path: str, query: str, headers: dict[str, str],
                   body: bytes) -> LMSResponse:
        """request_throttle.rb#call: reserve, answer or refuse, charge; headers on every answer."""
        client = bearer(headers) or parse_nested_query(query).get("access_token") or "ip"
        started = time.perf_counter()
        if not self.throttle.reserve(str(client), self.clock.now()):
            self.throttle.release(str(client), 0.0, self.clock.now())
            status, refusal_headers, text = self.throttle.refusal()
            return LMSResponse(status, text, refusal_headers)
        if self.latency:
            time.sleep(self.latency)
        response = self.handle(method, path, query, headers, body)
        cost = self.throttle.charge(time.perf_counter() - started)
        remaining = self.throttle.release(str(client), cost, self.clock.now())
        response.headers["X-Request-Cost"] = str(float(cost))  # Ruby Float#to_s
        response.headers["X-Rate-Limit-Remaining"] = f"{remaining:.1f}"
        return response

    def handle(self, method: str, path: str, query: str, headers: dict[str, str],
               body: bytes) -> LMSResponse:
        """Answer one request: route it, check its token, run the endpoint."""
        if method == "POST" and path.startswith(files.UPLOAD_PATH):  # the file store's
            with self.lock:
                return files.receive_upload(self, path[len(files.UPLOAD_PATH):], headers, body)
        try:
            params = request_params(query, body, headers.get("Content-Type", ""))
        except ParameterTypeError as exc:
            return error(400, str(exc))
        request = Request(method, path, query, params, headers, self.base_url)
        for route_method, pattern, handler, needs_token in ROUTES:
            match = pattern.match(path)
            if match is None or route_method != method:
                continue
            if needs_token:
                refusal = self._authenticate(request)
                if refusal is not None:
                    return refusal
            with self.lock:
                return handler(self, request, *(unquote(g) for g in match.groups()))
        return error(404, "The specified resource does not exist.")

    def _authenticate(self, request: Request) -> LMSResponse | None:
        """lib/authentication_methods.rb: no token, an unknown or an expired one -> 401 with
        ``WWW-Authenticate: Bearer realm="canvas-lms"``."""
        token = bearer(request.headers) or request.params.get("access_token")
        if not token:
            return error(401, "user authorization required", dict(WWW_AUTHENTICATE),
                         status="unauthenticated")
        with self.lock:
            access = self._tokens.get(str(token))
        if access is None or (access.expires_at is not None
                              and access.expires_at <= self.clock.now()):
            return error(401, "Invalid access token.", dict(WWW_AUTHENTICATE))
        request.user = self.users[access.user_id]
        return None

    def refresh(self, refresh_token: str) -> AccessToken | None:
        with self.lock:
            for access in self._tokens.values():
                if access.refresh_token == refresh_token:
                    return access
        return None
