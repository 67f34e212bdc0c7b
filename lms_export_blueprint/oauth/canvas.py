"""CanvasOAuth: connect a teacher with a Canvas developer key, then keep the access token fresh.

The protocol is Authlib's requests client; Canvas's side is oauth2_provider_controller.rb and
doc/api/oauth.md in instructure/canvas-lms. What the frontend holds is a handle of ours, so a
refresh changes nothing on its side and the refresh token never leaves the server.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError

from ..config import LMSConfig
from ..errors import LMSBadResponse, LMSTimeout, LMSTokenInvalid, LMSUnavailable
from ..masking import mask_token
from ..signals import lms_login_finished, reports
from ..tokens import TokenStore
from ..transport import Call, Transport
from .connections import Connection, ConnectionStore, is_handle, new_handle
from .errors import AuthorizationRefused, AuthorizationStateRejected
from .states import AuthorizationStates

logger = logging.getLogger(__name__)

LOGIN_MESSAGE = "Successfully logged into LMS"
#: Token endpoint errors that say our client id or secret is wrong or switched off
#: (RFC 6749 section 5.2; Canvas answers invalid_client to a wrong secret).
_DEVELOPER_KEY_ERRORS = frozenset({"invalid_client", "unauthorized_client"})


def _login_details(_flow: Any, user_id: str, *_: Any, **__: Any) -> dict[str, Any]:
    return {"user_id": user_id, "mock": False}  # a connection is a login, for the metrics


class CanvasOAuth:
    """The authorization-code flow for one app, and the access token behind each handle."""

    def __init__(self, config: LMSConfig, tokens: TokenStore, transport: Transport,
                 connections: ConnectionStore) -> None:
        self._config = config
        self._tokens = tokens
        self._transport = transport
        self._connections = connections
        self._states = AuthorizationStates(tokens.cache)
        root = (config.base_url or "").rstrip("/")
        self._authorize_url = root + "/login/oauth2/auth"
        self._token_url = root + "/login/oauth2/token"

    def __repr__(self) -> str:
        return f"<CanvasOAuth client_id={self._config.canvas_client_id!r}>"  # never the secret

    # --- connecting ----------------------------------------------------------------------------

    def authorization_url(self, user_id: str) -> str:
        """Where to send the teacher's browser; its ``state`` is ``user_id``'s, once."""
        with self._session() as session:
            url, _ = session.create_authorization_url(
                self._authorize_url, state=self._states.issue(user_id),
                scope=self._config.canvas_scope)
        return str(url)

    @reports(lms_login_finished, _login_details)
    def connect(self, user_id: str, state: str, code: str) -> dict[str, Any]:
        """Exchange ``code`` for tokens and answer as login-lms does, with a handle as token."""
        self._take_state(user_id, state)
        with _canvas_call("login"), self._session() as session:
            token = session.fetch_token(self._token_url, code=code, **self._request_options())
            connection = _connection(user_id, token)
        user = self._canvas_user(connection.access_token)
        handle = new_handle()
        self._connections.save(handle, connection)
        self._tokens.remember(handle, user_id)  # validated for this host user, like a login
        logger.info("User %s connected Canvas user %s (token %s)", user_id, user["id"],
                    mask_token(handle))
        return {"message": LOGIN_MESSAGE, "data": {"token": handle, "user": user}}

    @reports(lms_login_finished, _login_details)
    def refuse(self, user_id: str, state: str, error: str) -> NoReturn:
        """Canvas sent the teacher back with ``error`` (access_denied, ...): spend the state
        and say so."""
        self._take_state(user_id, state)
        logger.info("User %s did not connect Canvas: %r", user_id, error[:80])
        raise AuthorizationRefused(error)

    def _take_state(self, user_id: str, state: str) -> None:
        owner = self._states.consume(state)
        if owner != user_id:
            if owner is not None:
                logger.warning("User %s presented an OAuth state issued to another user",
                               user_id)
            raise AuthorizationStateRejected()

    def _canvas_user(self, access_token: str) -> dict[str, Any]:
        """Contract section 9's user, from ``GET /api/v1/users/self``."""
        me = self._transport.send(Call("GET", "/users/self", self._config.auth_timeout,
                                       repeat_safe=True, action="login", token=access_token))
        if not isinstance(me, dict) or me.get("id") is None:
            raise LMSBadResponse("users/self named no user", action="login")
        # users/self has no primary_email (lib/api/v1/user.rb); the profile has (user_profile.rb)
        profile = self._transport.send(Call("GET", "/users/self/profile",
                                            self._config.auth_timeout, repeat_safe=True,
                                            action="login", token=access_token))
        email = profile.get("primary_email") if isinstance(profile, dict) else None
        return {"id": str(me["id"]), "email": email if isinstance(email, str) else None,
                "name": me.get("name")}

    # --- what the provider asks ----------------------------------------------------------------

    def access_token_for(self, lms_token: str) -> str:
        """The Canvas access token behind ``lms_token``; ``lms_token`` itself when it is not
        a handle of ours (a personal access token)."""
        if not is_handle(lms_token):
            return lms_token
        connection = self._connections.load(lms_token)
        if connection is None:
            raise LMSTokenInvalid("The server no longer holds this Canvas connection: "
                                  "click Connect Canvas again")
        if self._tokens.bound_user(lms_token) is None:
            # The store's trust ran out: bind the handle to its owner again, before anyone
            # else can have it validated for themselves.
            self._tokens.remember(lms_token, connection.user_id)
        return connection.access_token

    def refresh(self, lms_token: str) -> str | None:
        """After Canvas answered 401 with ``WWW-Authenticate``: a new access token, stored, or
        None when there is none to get (no refresh token, or Canvas refused it)."""
        connection = self._connections.load(lms_token) if is_handle(lms_token) else None
        if connection is None or not connection.refresh_token:
            return None
        try:
            with _canvas_call("login"), self._session() as session:
                token = session.refresh_token(self._token_url,
                                              refresh_token=connection.refresh_token,
                                              **self._request_options())
                # Canvas keeps the refresh token and does not resend it
                renewed = _connection(connection.user_id, token, connection.refresh_token)
        except AuthorizationRefused:  # revoked in Canvas, or the developer key was disabled
            logger.warning("Canvas refused to refresh the connection %s: forgotten",
                           mask_token(lms_token))
            self._connections.drop(lms_token)
            self._tokens.forget(lms_token)
            return None
        self._connections.save(lms_token, renewed)
        logger.info("Canvas access token behind %s refreshed", mask_token(lms_token))
        return renewed.access_token

    # --- Authlib -------------------------------------------------------------------------------

    def _session(self) -> OAuth2Session:
        # Canvas reads client_id and client_secret from the form body (doc/api/oauth_endpoints.md).
        return OAuth2Session(self._config.canvas_client_id, self._config.canvas_client_secret,
                             redirect_uri=self._config.canvas_redirect_uri,
                             token_endpoint_auth_method="client_secret_post")

    def _request_options(self) -> dict[str, Any]:
        return {"timeout": self._config.auth_timeout, "verify": self._config.verify_ssl,
                "allow_redirects": False}


@contextmanager
def _canvas_call(action: str) -> Iterator[None]:
    """Authlib's and requests' exceptions at the token endpoint, as our errors."""
    try:
        yield
    except OAuthError as exc:  # Canvas answered {"error": "invalid_grant", ...}
        if exc.error in _DEVELOPER_KEY_ERRORS:
            # Ours to fix, not the teacher's: and no connection is forgotten for it.
            logger.error("Canvas refused the developer key (%s): check LMS_CANVAS_CLIENT_ID, "
                         "LMS_CANVAS_CLIENT_SECRET and that the key is on", exc.error)
            raise LMSBadResponse(f"Canvas refused the developer key ({exc.error})",
                                 action=action) from None
        raise AuthorizationRefused(str(exc.error)) from None
    except requests.Timeout:
        raise LMSTimeout() from None
    except requests.HTTPError as exc:  # a 5xx, or an error that is not OAuth's JSON
        status = exc.response.status_code if exc.response is not None else "no"
        raise LMSBadResponse(f"the token endpoint answered {status}", action=action) from None
    except requests.RequestException:
        raise LMSUnavailable() from None
    except (ValueError, KeyError, TypeError):  # a 200 whose body is no token
        raise LMSBadResponse("the token endpoint answered no token", action=action) from None


def _connection(user_id: str, token: dict[str, Any],
                refresh_token: str | None = None) -> Connection:
    """The connection a token endpoint answer describes."""
    access_token = token["access_token"]
    if not isinstance(access_token, str) or not access_token:
        raise ValueError("no access_token")
    expires_in = token.get("expires_in")
    return Connection(
        user_id=user_id, access_token=access_token,
        refresh_token=token.get("refresh_token") or refresh_token,
        expires_at=time.time() + expires_in if isinstance(expires_in, (int, float)) else None)
