"""Google's OAuth 2.0 endpoints for web server apps: ``/o/oauth2/v2/auth`` and ``/token``.

https://developers.google.com/identity/protocols/oauth2/web-server: the consent page sends the
browser back to ``redirect_uri`` with ``code`` and ``state`` (or ``error=access_denied``);
``access_type=offline`` makes the first exchange give a ``refresh_token``; a token answer is
``{"access_token", "expires_in", "scope", "token_type": "Bearer"}``; a refused grant is 400
``{"error": "invalid_grant"}``, an unknown client 401 ``{"error": "invalid_client"}``.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from ..reference_lms import LMSResponse
from .api import Request, Route, reply

if TYPE_CHECKING:
    from .double import GoogleDouble

#: Seconds an access token lives ("expires_in": 3599 in Google's answers).
ACCESS_TTL = 3599


def authorize(double: GoogleDouble, request: Request) -> LMSResponse:
    query = request.query
    client = double.oauth_clients.get(query.get("client_id", ""))
    if client is None or query.get("redirect_uri") != client["redirect_uri"]:
        return reply(400, {"error": "redirect_uri_mismatch"})
    if query.get("response_type") != "code" or not query.get("scope"):
        return reply(400, {"error": "invalid_request"})
    state = {"state": query["state"]} if "state" in query else {}
    if double.deny_authorization:
        params = {"error": "access_denied", **state}
    else:
        code = "4/" + secrets.token_urlsafe(30)
        double.oauth_codes[code] = {
            "client_id": query["client_id"], "redirect_uri": query["redirect_uri"],
            "user_id": double.browser_user or next(iter(double.users)),
            "scopes": frozenset(query["scope"].split()),
            "offline": query.get("access_type") == "offline"}
        params = {"code": code, "scope": query["scope"], **state}
    return LMSResponse(302, b"", {"Location": f"{query['redirect_uri']}?{urlencode(params)}"})


def token(double: GoogleDouble, request: Request) -> LMSResponse:
    form = dict(parse_qsl(request.body.decode("utf-8", errors="replace")))
    client = double.oauth_clients.get(form.get("client_id", ""))
    if client is None or form.get("client_secret") != client["secret"]:
        return reply(401, {"error": "invalid_client", "error_description": "Unauthorized"})
    grant = form.get("grant_type")
    if grant == "authorization_code":
        granted = double.oauth_codes.pop(form.get("code", ""), None)
        if granted is None or granted["redirect_uri"] != form.get("redirect_uri") \
                or granted["client_id"] != form["client_id"]:
            return _bad_grant()
        refresh = "1//" + secrets.token_urlsafe(40) if granted["offline"] else None
        access = double.issue_token(granted["user_id"], scopes=granted["scopes"],
                                    ttl=ACCESS_TTL, refresh_token=refresh)
        answer = _granted(access, granted["scopes"])
        if refresh:
            answer["refresh_token"] = refresh
        return reply(200, answer)
    if grant == "refresh_token":
        held = double.refresh(form.get("refresh_token", ""))
        if held is None:
            return _bad_grant()
        access = double.issue_token(held.user_id, scopes=held.scopes, ttl=ACCESS_TTL,
                                    refresh_token=held.refresh_token)
        return reply(200, _granted(access, held.scopes))
    return reply(400, {"error": "unsupported_grant_type"})


def _granted(access: str, scopes: frozenset[str]) -> dict[str, object]:
    return {"access_token": access, "expires_in": ACCESS_TTL, "scope": " ".join(sorted(scopes)),
            "token_type": "Bearer"}


def _bad_grant() -> LMSResponse:
    return reply(400, {"error": "invalid_grant", "error_description": "Bad Request"})


ROUTES: list[Route] = [
    ("GET", r"/o/oauth2/v2/auth", None, authorize),
    ("POST", r"/token", None, token),
]
