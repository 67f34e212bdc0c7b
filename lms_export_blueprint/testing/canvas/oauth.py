"""OAuth2 for a developer key (oauth2_provider_controller.rb, lib/canvas/oauth/token.rb).

``GET /login/oauth2/auth`` stands in for the browser step: the user in ``browser_user`` (or the
first user) approves at once and is sent back to ``redirect_uri`` with ``code`` and ``state``.
Access tokens live one hour (``ACCESS_TOKEN_TTL``); refresh tokens do not expire.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..reference_lms import LMSResponse
from .api import Request, Route, bearer, reply

if TYPE_CHECKING:
    from .double import CanvasDouble

#: lib/canvas/oauth/token.rb: an OAuth2 access token expires after an hour,
#: an authorization code after ten minutes (``oath_token_request_timeout``).
ACCESS_TOKEN_TTL, CODE_TTL = 3600, 600


def _oauth_error(status: int, code: str, description: str) -> LMSResponse:
    return reply(status, {"error": code, "error_description": description})


def _redirect(location: str, **query: str) -> LMSResponse:
    separator = "&" if "?" in location else "?"
    return LMSResponse(302, b"", {"Location": f"{location}{separator}{urlencode(query)}"})


def _authorize(canvas: CanvasDouble, request: Request) -> LMSResponse:
    """GET /login/oauth2/auth?client_id&response_type=code&redirect_uri&state."""
    params = request.params
    key = canvas.developer_keys.get(str(params.get("client_id")))
    if key is None:
        return _oauth_error(400, "invalid_client", "unknown client")
    redirect_uri = str(params.get("redirect_uri") or "")
    if redirect_uri != key["redirect_uri"]:
        return _oauth_error(400, "invalid_request",
                            "redirect_uri does not match client settings")
    state = {"state": str(params["state"])} if "state" in params else {}
    if params.get("response_type") != "code":
        return _redirect(redirect_uri, error="unsupported_response_type", **state)
    if canvas.deny_authorization:
        return _redirect(redirect_uri, error="access_denied", **state)
    user_id = canvas.browser_user or next(iter(canvas.users), None)
    if user_id is None:
        return _redirect(redirect_uri, error="access_denied", **state)
    code = secrets.token_urlsafe(24)
    canvas.oauth_codes[code] = {"client_id": params["client_id"], "user_id": user_id,
                                "redirect_uri": redirect_uri,
                                "expires_at": canvas.clock.now() + CODE_TTL}
    return _redirect(redirect_uri, code=code, **state)


def _token(canvas: CanvasDouble, request: Request) -> LMSResponse:
    """POST /login/oauth2/token: grant_type authorization_code (single-use code) or
    refresh_token (a new access token; the refresh token stays the same and is not resent)."""
    params = request.params
    client_id = str(params.get("client_id"))
    key = canvas.developer_keys.get(client_id)
    if key is None or not hmac.compare_digest(str(params.get("client_secret")), key["secret"]):
        return _oauth_error(401, "invalid_client", "unknown client or wrong client_secret")
    grant = params.get("grant_type")
    if grant == "authorization_code":
        return _exchange_code(canvas, params, client_id)
    if grant == "refresh_token":
        access = canvas.refresh(str(params.get("refresh_token")))
        if access is None:
            return _oauth_error(400, "invalid_grant", "refresh_token not found")
        token = canvas.issue_token(access.user_id, ttl=ACCESS_TOKEN_TTL,
                                   refresh_token=access.refresh_token)
        return reply(200, _token_json(canvas, token, access.user_id))
    return _oauth_error(400, "unsupported_grant_type", f"unsupported grant_type {grant!r}")


def _exchange_code(canvas: CanvasDouble, params: dict[str, Any], client_id: str) -> LMSResponse:
    grant = canvas.oauth_codes.pop(str(params.get("code")), None)
    if (grant is None or grant["client_id"] != client_id
            or grant["expires_at"] <= canvas.clock.now()):
        return _oauth_error(400, "invalid_grant", "authorization_code not found")
    if params.get("redirect_uri") and params["redirect_uri"] != grant["redirect_uri"]:
        return _oauth_error(400, "invalid_grant", "redirect_uri does not match")
    refresh_token = secrets.token_urlsafe(32)
    token = canvas.issue_token(grant["user_id"], ttl=ACCESS_TOKEN_TTL,
                               refresh_token=refresh_token)
    return reply(200, {**_token_json(canvas, token, grant["user_id"]),
                       "refresh_token": refresh_token})


def _token_json(canvas: CanvasDouble, token: str, user_id: int) -> dict[str, Any]:
    user = canvas.users[user_id]
    return {"access_token": token, "token_type": "Bearer",
            "user": {"id": user_id, "name": user["name"], "global_id": str(user_id)},
            "expires_in": ACCESS_TOKEN_TTL}


def _logout(canvas: CanvasDouble, request: Request) -> LMSResponse:
    """DELETE /login/oauth2/token: forget the access token used."""
    token = bearer(request.headers)
    if token:
        canvas.revoke(token)
    return reply(200, {})


ROUTES: list[Route] = [
    ("GET", r"/login/oauth2/auth", _authorize),
    ("POST", r"/login/oauth2/token", _token),
    ("DELETE", r"/login/oauth2/token", _logout),
]
