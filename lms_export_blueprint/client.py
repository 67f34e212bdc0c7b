"""LMSClient: the one place that talks HTTP to the LMS and turns its failures into our errors."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from .config import LMSConfig
from .errors import (
    LMSBadResponse,
    LMSCourseNotFound,
    LMSCredentialsRejected,
    LMSError,
    LMSForbidden,
    LMSRateLimited,
    LMSTimeout,
    LMSTokenInvalid,
    LMSUnavailable,
)
from .masking import mask_secrets
from .retry import Deadline, RetryPolicy, current_deadline, is_retryable, operation_deadline
from .signals import report_api_call

logger = logging.getLogger(__name__)

#: Connections kept open to the LMS; one per worker thread is enough.
POOL_SIZE = 32


@dataclass(frozen=True)
class LMSLogin:
    token: str
    user: dict[str, Any]


@dataclass(frozen=True)
class LMSCourseResult:
    """What the LMS said it holds after a create or update."""

    course_id: str | None
    content_ids: list[str | None]


@dataclass(frozen=True)
class _Call:
    """One logical LMS call: what to send and what its answers mean."""

    method: str
    path: str
    timeout: float
    repeat_safe: bool
    action: str = "export"
    token: str | None = None
    body: bytes | None = None
    idempotency_key: str | None = None
    missing_is_course: bool = False
    unauthorized: type[LMSError] = LMSTokenInvalid


class LMSClient:
    """Calls of contract section 7 over one pooled ``requests.Session`` per app."""

    def __init__(self, config: LMSConfig, session: requests.Session | None = None) -> None:
        self.config = config
        self.session = session or new_session(config)
        self.verify = config.verify_ssl
        if session is None:
            self.verify = read_environment_once(self.session, config)
        self.retry_policy = RetryPolicy(
            attempts=config.retry_attempts,
            backoff=config.retry_backoff,
            max_wait=config.retry_max_wait,
        )

    def operation(self) -> AbstractContextManager[Deadline]:
        """One ``LMS_DEADLINE`` for every call made inside: a whole login or push."""
        return operation_deadline(self.config.deadline)

    def sign_in(self, email: str, password: str) -> LMSLogin:
        answer = self._send(_Call(
            "POST", "/auth/signin", self.config.auth_timeout, repeat_safe=False,
            action="login", body=_dump({"email": email, "password": password}),
            unauthorized=LMSCredentialsRejected,
        ), secrets=(password,))
        login = _login_from(answer)
        if login.user:
            return login
        return LMSLogin(login.token, self.get_user_info(login.token))

    def validate_token(self, token: str) -> bool:
        """True when the LMS accepts ``token``; False when it says invalid or expired."""
        try:
            self._send(_Call("GET", "/auth/validate", self.config.auth_timeout,
                             repeat_safe=True, token=token))
        except LMSTokenInvalid:
            return False
        return True

    def get_user_info(self, token: str) -> dict[str, Any]:
        answer = self._send(_Call("GET", "/auth/me", self.config.auth_timeout,
                                  repeat_safe=True, token=token, action="login"))
        return _user_from(answer)

    def create_course(self, token: str, course: Mapping[str, Any],
                      idempotency_key: str) -> LMSCourseResult:
        """POST a new course; the key makes retries safe on an LMS that honours it."""
        answer = self._send(_Call(
            "POST", "/courses", self.config.timeout, repeat_safe=True, token=token,
            body=_dump(course), idempotency_key=idempotency_key,
        ))
        return _course_result_from(answer, default_course_id=None)

    def update_course_content(self, token: str, lms_course_id: str, course: Mapping[str, Any],
                              idempotency_key: str | None = None) -> LMSCourseResult:
        """PUT the content of an existing course.

        The key goes along too: an LMS whose PUT adds content (rather than replacing it)
        would otherwise add it twice when a retry follows an answer lost on the way back.
        """
        answer = self._send(_Call(
            "PUT", f"/courses/{path_segment(lms_course_id)}/content", self.config.timeout,
            repeat_safe=True, token=token, body=_dump(course), missing_is_course=True,
            idempotency_key=idempotency_key,
        ))
        return _course_result_from(answer, default_course_id=lms_course_id)

    # --- transport -----------------------------------------------------------------------

    def _send(self, call: _Call, secrets: tuple[str, ...] = ()) -> Any:
        """Send ``call`` with retries inside the deadline; the JSON answer or one of our errors."""
        deadline = current_deadline(self.config.deadline)
        headers = _headers(call)
        retry_number = 0
        while True:
            outcome, retry_after = self._attempt(call, headers, deadline, secrets)
            if isinstance(outcome, _Answer):
                return outcome.payload
            status = outcome.status_code
            retry_number += 1
            if retry_number > self.retry_policy.attempts or not is_retryable(
                status=status, repeat_safe=call.repeat_safe
            ):
                raise outcome.exception
            wait = self.retry_policy.wait_before_retry(retry_number, retry_after)
            if wait >= deadline.remaining():
                raise outcome.exception
            logger.info("LMS %s %s failed (%s); retry %d in %.2fs", call.method, call.path,
                        status or type(outcome.exception).__name__, retry_number, wait)
            time.sleep(wait)

    def _attempt(self, call: _Call, headers: dict[str, str], deadline: Deadline,
                 secrets: tuple[str, ...]) -> tuple[_Answer | _Failure, str | None]:
        timeout = min(call.timeout, deadline.remaining())
        if timeout <= 0:
            return _Failure(LMSTimeout(), None), None
        started = time.perf_counter()
        try:
            response = self.session.request(
                call.method, self.config.api_root + call.path, data=call.body,
                headers=headers, timeout=timeout, verify=self.verify,
            )
        except requests.Timeout:
            logger.warning("LMS %s %s timed out after %.1fs", call.method, call.path, timeout)
            report_api_call(call.method, call.path, started, error_type="timeout")
            return _Failure(LMSTimeout(), None), None
        except requests.RequestException as exc:
            logger.warning("LMS %s %s could not connect: %s", call.method, call.path,
                           type(exc).__name__)
            report_api_call(call.method, call.path, started, error_type="connection_error")
            return _Failure(LMSUnavailable(), None), None
        logger.debug("LMS %s %s -> %d in %.1f ms", call.method, call.path,
                     response.status_code, (time.perf_counter() - started) * 1000)
        report_api_call(call.method, call.path, started, status=response.status_code)
        if response.ok:
            return _read_json(response, call), None
        return (_Failure(_error_for(response, call, secrets), response.status_code),
                response.headers.get("Retry-After"))


@dataclass(frozen=True)
class _Answer:
    payload: Any


@dataclass(frozen=True)
class _Failure:
    exception: LMSError
    status_code: int | None


def new_session(config: LMSConfig) -> requests.Session:
    """A session whose pool keeps connections to the LMS open across requests."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=POOL_SIZE, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"Accept": "application/json",
                            "User-Agent": "lms-export-blueprint"})
    return session


def read_environment_once(session: requests.Session, config: LMSConfig) -> bool | str:
    """Resolve proxies and CA bundle from the environment now, for the one LMS URL; the verify.

    With ``trust_env`` requests rescans ``os.environ`` (and ~/.netrc) on every call: about
    0.2 ms a call with 35 variables, more in a large environment.
    """
    settings = session.merge_environment_settings(config.api_root, {}, None,
                                                  config.verify_ssl, None)
    session.proxies.update(settings["proxies"])
    session.trust_env = False
    verify: bool | str | None = settings["verify"]
    return config.verify_ssl if verify is None else verify


def path_segment(value: str) -> str:
    """``value`` as one URL path segment: it can never reach another LMS path."""
    if value in (".", ".."):
        raise ValueError("'.' and '..' are not LMS ids")
    return quote(value, safe="")


def _headers(call: _Call) -> dict[str, str]:
    headers = {}
    if call.body is not None:
        headers["Content-Type"] = "application/json"
    if call.token is not None:
        headers["Authorization"] = f"Bearer {call.token}"
    if call.idempotency_key is not None:
        headers["Idempotency-Key"] = call.idempotency_key
    return headers


def _dump(payload: Mapping[str, Any]) -> bytes:
    # Serialised once: every retry resends these exact bytes.
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _read_json(response: requests.Response, call: _Call) -> _Answer | _Failure:
    try:
        return _Answer(response.json())
    except ValueError:
        what = f"the LMS answered {response.status_code} with a body that is not JSON"
        return _Failure(LMSBadResponse(what, action=call.action), response.status_code)


def _error_for(response: requests.Response, call: _Call, secrets: tuple[str, ...]) -> LMSError:
    """Each LMS status becomes one of our errors (contract section 4)."""
    status = response.status_code
    if status == 401 or (status in (400, 403) and call.unauthorized is LMSCredentialsRejected):
        return call.unauthorized()
    if status == 403:
        return LMSForbidden()
    if status == 404 and call.missing_is_course:
        return LMSCourseNotFound()
    if status == 429:
        return LMSRateLimited(response.headers.get("Retry-After"))
    said = mask_secrets(_what_lms_said(response), (*secrets, call.token or ""))
    return LMSBadResponse(said, action=call.action)


_MARKUP = re.compile(r"<[^>]*>")


def _what_lms_said(response: requests.Response) -> str:
    """A short readable account of an error answer; never an HTML page."""
    summary = f"{response.status_code} {response.reason or ''}".strip()
    if "json" not in response.headers.get("Content-Type", ""):
        return summary
    try:
        payload = response.json()
    except ValueError:
        return summary
    message = None
    if isinstance(payload, dict):
        message = next((payload[key] for key in ("detail", "message", "error")
                        if isinstance(payload.get(key), str)), None)
    if message:
        message = " ".join(_MARKUP.sub(" ", message).split())[:200]  # never HTML in a detail
    return f"{summary}: {message}" if message else summary


def _login_from(answer: Any) -> LMSLogin:
    body = answer.get("data", answer) if isinstance(answer, dict) else {}
    token = body and (body.get("token") or body.get("access_token"))
    if not isinstance(token, str) or not token:
        raise LMSBadResponse("the sign-in answer had no token", action="login")
    user = body.get("user")
    return LMSLogin(token, _user_from(user) if isinstance(user, dict) else {})


def _user_from(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise LMSBadResponse("the user answer was not an object", action="login")
    return {key: answer.get(key) for key in ("id", "email", "name")}


def _course_result_from(answer: Any, default_course_id: str | None) -> LMSCourseResult:
    if not isinstance(answer, dict):
        raise LMSBadResponse("the LMS answer was not a JSON object")
    course_id = answer.get("course_id", default_course_id)
    if course_id is None:
        raise LMSBadResponse("the LMS answer had no course_id")
    content_ids = answer.get("content_ids") or []
    if not isinstance(content_ids, list):
        raise LMSBadResponse("the LMS answer's content_ids was not a list")
    return LMSCourseResult(
        str(course_id), [None if cid is None else str(cid) for cid in content_ids]
    )
