"""Login: a username (or email) and password through login/token.php, or a token the
administrator made; either is checked with ``core_webservice_get_site_info``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import LMSBadResponse, LMSTokenInvalid, LoginBodyInvalid
from ..base import LMSLogin
from .api import MoodleAPI

SITE_INFO = "core_webservice_get_site_info"
#: The detail of a 422 for another provider's login body.
LOGIN_BODIES = ('Moodle takes {"username", "password"}, {"email", "password"} (sent as the '
                'username) or {"access_token"} (a web-service token)')


def sign_in(api: MoodleAPI, credentials: Mapping[str, str]) -> LMSLogin:
    """A token for the configured service, and who it is (docs/moodle.md, "Logging in")."""
    token = credentials.get("access_token")
    if token is not None:
        if not (token.isascii() and token.isprintable()) or " " in token:
            raise LoginBodyInvalid("a Moodle web-service token is printable ASCII without "
                                   "spaces", "access_token")
    else:
        # A site that lets users sign in with their email takes it as the username
        # (login/token.php reads ``username`` only).
        login = credentials.get("username") or credentials.get("email") or ""
        token = api.token(login, credentials.get("password", ""))
    return LMSLogin(token, user_info(api, token))


def user_info(api: MoodleAPI, token: str) -> dict[str, Any]:
    """``{"id", "email": None, "name"}``: site info tells the user's id and full name, never
    an email (core_webservice_get_site_info, webservice/classes/external/get_site_info.php)."""
    info = api.function(SITE_INFO, token, action="login", repeat_safe=True,
                        timeout=api.config.auth_timeout)
    if not isinstance(info, Mapping) or info.get("userid") in (None, ""):
        raise LMSBadResponse("the Moodle site info had no userid", action="login")
    return {"id": str(info["userid"]), "email": None, "name": info.get("fullname")}


def validate_token(api: MoodleAPI, token: str) -> bool:
    try:
        user_info(api, token)
    except LMSTokenInvalid:
        return False
    return True
