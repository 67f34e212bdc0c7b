"""Login with a Google access token: who it is (``GET /v1/userProfiles/me``), if it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import LMSBadResponse, LMSTokenInvalid, LoginBodyInvalid
from ..base import LMSLogin
from .api import GoogleAPI

NEEDS_TOKEN = ("Google needs OAuth2 or an access token, not an email and password: send "
               '{"access_token": ...} (one from the OAuth2 flow)')


def sign_in(api: GoogleAPI, credentials: Mapping[str, str]) -> LMSLogin:
    """The token checked with userProfiles.get; 401 when Google refuses it."""
    token = credentials.get("access_token")
    if token is None:
        raise LoginBodyInvalid(NEEDS_TOKEN, "email" if "email" in credentials else "access_token")
    if not (token.isascii() and token.isprintable()) or " " in token:
        # it travels in an Authorization header, which carries printable ASCII only
        raise LoginBodyInvalid("a Google access token is printable ASCII without spaces",
                               "access_token")
    return LMSLogin(token, user_info(api, token))


def user_info(api: GoogleAPI, token: str) -> dict[str, Any]:
    """``{"id", "email", "name"}`` from UserProfile (classroom.v1): ``emailAddress`` is there
    with the ``classroom.profile.emails`` scope, else null; ``name.fullName``."""
    profile = api.call("GET", "classroom", "/v1/userProfiles/me", token, action="login",
                       timeout=api.config.auth_timeout).body
    if not isinstance(profile, dict) or not profile.get("id"):
        raise LMSBadResponse("the Google userProfiles answer had no id", action="login")
    name = profile.get("name")
    name = name if isinstance(name, dict) else {}
    return {"id": str(profile["id"]), "email": profile.get("emailAddress") or None,
            "name": name.get("fullName")}


def validate_token(api: GoogleAPI, token: str) -> bool:
    try:
        user_info(api, token)
    except LMSTokenInvalid:
        return False
    return True
