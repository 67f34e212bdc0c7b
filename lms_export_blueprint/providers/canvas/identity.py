"""Login with a Canvas access token: who it is (``GET /api/v1/users/self``), if it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import LMSBadResponse, LMSTokenInvalid, LoginBodyInvalid
from ..base import LMSLogin
from .api import CanvasAPI, as_id

NEEDS_TOKEN = ("Canvas needs an access token or OAuth2, not an email and password: send "
               '{"access_token": ...} (a personal access token, or one from the OAuth2 flow)')


def sign_in(api: CanvasAPI, credentials: Mapping[str, str]) -> LMSLogin:
    """The token checked with users/self (docs/canvas.md); 401 when Canvas refuses it."""
    token = credentials.get("access_token")
    if token is None:
        raise LoginBodyInvalid(NEEDS_TOKEN, "email" if "email" in credentials else "access_token")
    if not (token.isascii() and token.isprintable()) or " " in token:
        # it travels in an Authorization header, which carries printable ASCII only
        raise LoginBodyInvalid("a Canvas access token is printable ASCII without spaces",
                               "access_token")
    return LMSLogin(token, user_info(api, token))


def user_info(api: CanvasAPI, token: str) -> dict[str, Any]:
    """``{"id", "email", "name"}``: who the token is from users/self (users_controller.rb
    #api_show), the email from the profile, since user_json (lib/api/v1/user.rb) carries no
    ``primary_email`` and shows ``login_id`` only to admins, while user_profile_json
    (lib/api/v1/user_profile.rb) gives ``primary_email`` to a user who reads their own."""
    user = _self(api, token)
    profile = api.call("GET", "/api/v1/users/self/profile", token, action="login",
                       timeout=api.config.auth_timeout).body
    email = profile.get("primary_email") if isinstance(profile, dict) else None
    return {"id": user["id"], "email": email if isinstance(email, str) and email else None,
            "name": user["name"]}


def validate_token(api: CanvasAPI, token: str) -> bool:
    try:
        _self(api, token)
    except LMSTokenInvalid:
        return False
    return True


def _self(api: CanvasAPI, token: str) -> dict[str, Any]:
    answer = api.call("GET", "/api/v1/users/self", token, action="login",
                      timeout=api.config.auth_timeout).body
    if not isinstance(answer, dict) or answer.get("id") in (None, ""):
        raise LMSBadResponse("the Canvas users/self answer had no id", action="login")
    name = answer.get("name")
    return {"id": as_id(answer["id"], "user id"), "name": name if isinstance(name, str) else None}
