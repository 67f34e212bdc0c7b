"""ReferenceLMS: an in-memory LMS speaking the generic LMS API (docs/routes.md), with faults.

It knows nothing of transports: ``FakeLMS`` serves it through ``responses``, ``LiveLMS``
through a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Call:
    """One request the LMS received."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class LMSResponse:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None
             ) -> LMSResponse:
        return cls(status, json.dumps(payload).encode(), {**JSON_HEADERS, **(headers or {})})


@dataclass
class Fault:
    """What the next matching call meets instead of (or after) a normal answer.

    ``kind`` is ``"status"`` (answer ``status`` with ``headers`` and ``body``), ``"timeout"``
    (answer nothing: for ``seconds``, then drop the connection; ``seconds=None``, until the
    client gives up) or ``"refuse"`` (no connection / connection dropped).
    With ``after_processing`` the LMS carries the call out first, then fails to answer it.
    """

    kind: str
    times: int = 1
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    seconds: float | None = None
    path: str | None = None
    method: str | None = None
    after_processing: bool = False

    def matches(self, method: str, path: str) -> bool:
        return ((self.method is None or self.method == method)
                and (self.path is None or self.path in path))

    def response(self) -> LMSResponse:
        if self.body is not None:
            return LMSResponse(self.status, self.body, dict(self.headers))
        return LMSResponse.json(self.status, {"detail": f"injected {self.status}"}, self.headers)


@dataclass(frozen=True)
class Outcome:
    """An answer to send, or a fault (timeout, refused connection) for the transport to act out."""

    response: LMSResponse | None
    fault: Fault | None


class FaultQueue:
    """Faults in the order they were asked for; each matching call spends one of ``times``."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault the next call meets, if any (each use spends one of its ``times``)."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


class ReferenceLMS:
    """Users, tokens and courses in memory; thread-safe; every call recorded in ``calls``."""

    def __init__(self, api_version: str = "v1", token_ttl: float = 3600) -> None:
        self.api_root = f"/api/{api_version}"
        self.token_ttl = token_ttl
        #: Seconds added to every answer: a stand-in for network and LMS work.
        self.latency = 0.0
        self.users: dict[str, dict[str, Any]] = {}
        self.courses: dict[str, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.faults = FaultQueue()
        self._tokens: dict[str, str] = {}  # token -> email
        self._idempotent: dict[tuple[str, str, str], LMSResponse] = {}
        self._secret = secrets.token_bytes(32)
        self._ids = itertools.count(1)
        self._lock = threading.RLock()

    # --- set-up and inspection ---------------------------------------------------------------

    def add_user(self, email: str, password: str, name: str | None = None) -> dict[str, Any]:
        with self._lock:
            user = {"id": f"u-{next(self._ids)}", "email": email,
                    "name": name or email.split("@")[0].title()}
            self.users[email] = {**user, "password": password}
            return user

    def issue_token(self, email: str, ttl: float | None = None) -> str:
        """A signed JWT for ``email`` expiring in ``ttl`` seconds (default ``token_ttl``)."""
        exp = int(time.time() + (self.token_ttl if ttl is None else ttl))
        token = _jwt({"sub": email, "exp": exp, "jti": secrets.token_hex(8)}, self._secret)
        with self._lock:
            self._tokens[token] = email
        return token

    def revoke(self, token: str) -> None:
        with self._lock:
            self._tokens.pop(token, None)

    def calls_to(self, method: str, path_part: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and path_part in c.path]

    def reset(self) -> None:
        with self._lock:
            self.courses.clear()
            self.calls.clear()
            self.faults.clear()
            self._idempotent.clear()

    # --- fault injection ---------------------------------------------------------------------

    def fail_next(self, status: int = 503, *, headers: dict[str, str] | None = None,
                  body: bytes | str | None = None, times: int = 1, path: str | None = None,
                  method: str | None = None, after_processing: bool = False) -> None:
        """Answer the next ``times`` matching calls with ``status`` (and ``headers``, ``body``)."""
        raw = body.encode() if isinstance(body, str) else body
        self.faults.add(Fault("status", times, status, dict(headers or {}), raw, path=path,
                              method=method, after_processing=after_processing))

    def timeout_next(self, *, seconds: float | None = None, times: int = 1,
                     path: str | None = None, method: str | None = None,
                     after_processing: bool = False) -> None:
        """Leave the next ``times`` matching calls unanswered.

        By default the LMS stays silent until the client gives up: a read timeout on both
        ``fake_lms`` (at once) and ``live_lms`` (after the client's own timeout). With
        ``seconds``, it drops the connection after that long: a timeout when the client waits
        less, else a dropped connection.
        """
        self.faults.add(Fault("timeout", times, seconds=seconds, path=path, method=method,
                              after_processing=after_processing))

    def refuse_next(self, *, times: int = 1, path: str | None = None, method: str | None = None,
                    after_processing: bool = False) -> None:
        """Refuse (or, on a live server, drop) the connection of the next matching calls."""
        self.faults.add(Fault("refuse", times, path=path, method=method,
                              after_processing=after_processing))

    # --- the API -------------------------------------------------------------------------------

    def dispatch(self, method: str, target: str, headers: dict[str, str],
                 body: bytes) -> Outcome:
        """Receive one request (``target``: path and query; the generic API reads no query):
        its answer, or the fault the transport must act out."""
        path = target.partition("?")[0]
        fault = self.faults.take(method, path)
        if fault is not None and fault.kind == "refuse" and not fault.after_processing:
            return Outcome(None, fault)  # never reached the LMS: not recorded
        headers = {key.title(): value for key, value in headers.items()}
        with self._lock:
            self.calls.append(Call(method, path, headers))
        if self.latency:
            time.sleep(self.latency)
        if fault is None:
            return Outcome(self.handle(method, path, headers, body), None)
        if fault.after_processing:
            self.handle(method, path, headers, body)
        return Outcome(fault.response() if fault.kind == "status" else None, fault)

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> LMSResponse:
        """Answer one request of the generic LMS API."""
        if not path.startswith(self.api_root + "/"):
            return LMSResponse.json(404, {"detail": "Not found"})
        route = path[len(self.api_root):]
        if (method, route) == ("POST", "/auth/signin"):
            return self._sign_in(body)
        email = self._authenticated(headers)
        if email is None:
            return LMSResponse.json(401, {"detail": "Invalid or expired token"},
                                    {"WWW-Authenticate": "Bearer"})
        if (method, route) == ("GET", "/auth/validate"):
            return LMSResponse.json(200, {"valid": True})
        if (method, route) == ("GET", "/auth/me"):
            return LMSResponse.json(200, self._public_user(email))
        if (method, route) == ("POST", "/courses"):
            return self._create_course(email, headers.get("Idempotency-Key"), body)
        parts = route.split("/")
        if method == "PUT" and len(parts) == 4 and parts[1] == "courses" and parts[3] == "content":
            return self._update_course(email, unquote(parts[2]),
                                       headers.get("Idempotency-Key"), body)
        return LMSResponse.json(404, {"detail": "Not found"})

    def _sign_in(self, body: bytes) -> LMSResponse:
        request = _json_or_none(body)
        if not isinstance(request, dict):
            return LMSResponse.json(400, {"detail": "Expected JSON"})
        user = self.users.get(str(request.get("email")))
        if user is None or not hmac.compare_digest(str(request.get("password")),
                                                   user["password"]):
            return LMSResponse.json(401, {"detail": "Invalid email or password"})
        token = self.issue_token(user["email"])
        return LMSResponse.json(200, {"token": token, "user": self._public_user(user["email"])})

    def _create_course(self, email: str, idempotency_key: str | None,
                       body: bytes) -> LMSResponse:
        request = _course_request(body)
        if request is None:
            return LMSResponse.json(400, {"detail": "Expected course_name and assets"})
        with self._lock:
            replay = self._replay(email, "POST /courses", idempotency_key)
            if replay is not None:
                return replay
            course_id = f"c-{next(self._ids)}"
            self.courses[course_id] = {"course_id": course_id, "owner": email, **request}
            response = LMSResponse.json(201, self._stored(course_id))
            self._keep(email, "POST /courses", idempotency_key, response)
            return response

    def _update_course(self, email: str, course_id: str, idempotency_key: str | None,
                       body: bytes) -> LMSResponse:
        request = _course_request(body)
        if request is None:
            return LMSResponse.json(400, {"detail": "Expected course_name and assets"})
        operation = f"PUT /courses/{course_id}/content"
        with self._lock:
            replay = self._replay(email, operation, idempotency_key)
            if replay is not None:
                return replay
            course = self.courses.get(course_id)
            if course is None:
                return LMSResponse.json(404, {"detail": "Course not found"})
            if course["owner"] != email:
                return LMSResponse.json(403, {"detail": "Not your course"})
            course["assets"] = course["assets"] + request["assets"]
            course["publish"] = request["publish"]
            response = LMSResponse.json(200, self._stored(course_id, request["assets"]))
            self._keep(email, operation, idempotency_key, response)
            return response

    def _replay(self, email: str, operation: str, key: str | None) -> LMSResponse | None:
        """The answer already given to this user's ``operation`` under ``key``, if any."""
        return self._idempotent.get((email, operation, key)) if key else None

    def _keep(self, email: str, operation: str, key: str | None, response: LMSResponse) -> None:
        if key:
            self._idempotent[(email, operation, key)] = response

    def _stored(self, course_id: str, new_assets: list[Any] | None = None) -> dict[str, Any]:
        course = self.courses[course_id]
        assets = course["assets"] if new_assets is None else new_assets
        content_ids = [f"{course_id}-a{next(self._ids)}" for _ in assets]
        course.setdefault("content_ids", []).extend(content_ids)
        return {"course_id": course_id, "content_ids": content_ids}

    def _authenticated(self, headers: dict[str, str]) -> str | None:
        scheme, _, token = headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer":
            return None
        with self._lock:
            email = self._tokens.get(token)
        if email is None:
            return None
        claims = _jwt_claims(token, self._secret)
        if claims is None or claims.get("exp", 0) <= time.time():
            return None
        return email

    def _public_user(self, email: str) -> dict[str, Any]:
        user = self.users[email]
        return {"id": user["id"], "email": user["email"], "name": user["name"]}


def _course_request(body: bytes) -> dict[str, Any] | None:
    request = _json_or_none(body)
    if not isinstance(request, dict) or not isinstance(request.get("assets"), list):
        return None
    return {"course_name": request.get("course_name"),
            "course_description": request.get("course_description"),
            "assets": request["assets"], "publish": bool(request.get("publish", True))}


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwt(claims: dict[str, Any], secret: bytes) -> str:
    signing_input = _b64(b'{"alg":"HS256","typ":"JWT"}') + "." + _b64(json.dumps(claims).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def _jwt_claims(token: str, secret: bytes) -> dict[str, Any] | None:
    head, _, rest = token.partition(".")
    payload, _, signature = rest.partition(".")
    expected = hmac.new(secret, f"{head}.{payload}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(_b64(expected), signature):
        return None
    claims = _json_or_none(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims if isinstance(claims, dict) else None
