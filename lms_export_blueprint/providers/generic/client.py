"""LMSClient: the generic LMS API (docs/routes.md, "The LMS API") on top of the shared transport.

The generic provider (``providers/generic/__init__.py``) puts it behind the provider interface.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import requests

from ...bodies import json_bytes
from ...config import LMSConfig
from ...errors import (
    LMSBadResponse,
    LMSCourseNotFound,
    LMSCredentialsRejected,
    LMSTokenInvalid,
)
from ...transport import Call, Transport, path_segment
from ..base import LMSCourseResult, LMSLogin

logger = logging.getLogger(__name__)

#: Sign-in reads these statuses as "wrong email or password".
_SIGN_IN_ERRORS = {400: LMSCredentialsRejected, 401: LMSCredentialsRejected,
                   403: LMSCredentialsRejected}
#: An update reads 404 as "no such LMS course".
_UPDATE_ERRORS = {404: LMSCourseNotFound}


class LMSClient:
    """The generic LMS API's calls over the app's one ``Transport``."""

    def __init__(self, config: LMSConfig, session: requests.Session | None = None, *,
                 transport: Transport | None = None) -> None:
        self.config = config
        self.transport = transport or Transport(config, session)
        self.session = self.transport.session

    def sign_in(self, email: str, password: str) -> LMSLogin:
        answer = self._send(Call(
            "POST", "/auth/signin", self.config.auth_timeout, repeat_safe=False,
            action="login", body=json_bytes({"email": email, "password": password}),
            status_errors=_SIGN_IN_ERRORS, secrets=(password,),
        ))
        login = _login_from(answer)
        if login.user:
            return login
        return LMSLogin(login.token, self.get_user_info(login.token))

    def validate_token(self, token: str) -> bool:
        """True when the LMS accepts ``token``; False when it says invalid or expired."""
        try:
            self._send(Call("GET", "/auth/validate", self.config.auth_timeout,
                            repeat_safe=True, token=token, needs_body=False))
        except LMSTokenInvalid:
            return False
        return True

    def get_user_info(self, token: str) -> dict[str, Any]:
        answer = self._send(Call("GET", "/auth/me", self.config.auth_timeout,
                                 repeat_safe=True, token=token, action="login"))
        return _user_from(answer)

    def create_course(self, token: str, course: Mapping[str, Any],
                      idempotency_key: str) -> LMSCourseResult:
        """POST a new course; the key makes retries safe on an LMS that honours it."""
        answer = self._send(Call(
            "POST", "/courses", self.config.timeout, repeat_safe=True, token=token,
            body=json_bytes(course), idempotency_key=idempotency_key,
        ))
        return _course_result_from(answer, default_course_id=None)

    def update_course_content(self, token: str, lms_course_id: str, course: Mapping[str, Any],
                              idempotency_key: str | None = None) -> LMSCourseResult:
        """PUT the content of an existing course.

        The key goes along too: an LMS whose PUT adds content (rather than replacing it)
        would otherwise add it twice when a retry follows an answer lost on the way back.
        """
        answer = self._send(Call(
            "PUT", f"/courses/{path_segment(lms_course_id)}/content", self.config.timeout,
            repeat_safe=True, token=token, body=json_bytes(course), status_errors=_UPDATE_ERRORS,
            idempotency_key=idempotency_key,
        ))
        return _course_result_from(answer, default_course_id=lms_course_id)

    def _send(self, call: Call) -> Any:
        return self.transport.send(call)


def _login_from(answer: Any) -> LMSLogin:
    body = answer.get("data", answer) if isinstance(answer, dict) else None
    if not isinstance(body, dict):
        raise LMSBadResponse("the sign-in answer was not a JSON object", action="login")
    token = body.get("token") or body.get("access_token")
    if not isinstance(token, str) or not token:
        raise LMSBadResponse("the sign-in answer had no token", action="login")
    if not (token.isascii() and token.isprintable()) or " " in token:
        # it goes back in an Authorization header, which carries printable ASCII only
        raise LMSBadResponse("the sign-in answer's token is not printable ASCII",
                             action="login")
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
        _lms_id(course_id, "course_id"),
        [None if cid is None else _lms_id(cid, "content_ids") for cid in content_ids],
    )


def _lms_id(value: Any, name: str) -> str:
    """An id the LMS gave as a non-empty string or an integer; anything else is unreadable
    (``{"x": 1}`` or ``false`` stringified would be reported as a real id)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise LMSBadResponse(f"the LMS answer's {name} held an id that is neither a "
                             "non-empty string nor an integer")
    return str(value)
