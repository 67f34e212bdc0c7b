"""OAuthFlow: connect a teacher's LMS account, then keep its access token fresh.

The shared core every provider's OAuth2 uses: a ``state`` bound to the host user and single
use, connections sealed in the shared store behind a handle of ours (so a refresh changes
nothing on the frontend and the refresh token never leaves the server), the token endpoint
through the hardened transport. A provider brings its :class:`OAuthClient` (endpoints, scopes)
and a function naming the LMS user behind an access token (docs/canvas-oauth.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, NoReturn

from ..config import LMSConfig
from ..errors import LMSBadResponse, LMSTokenInvalid
from ..masking import mask_token
from ..retry import operation_deadline
from ..signals import lms_login_finished, reports
from ..tokens import TokenStore
from ..transport import Transport
from .client import OAuthClient
from .connections import Connection, ConnectionStore, new_handle
from .errors import AuthorizationRefused, AuthorizationStateRejected, TokenEndpointRefused
from .states import AuthorizationStates
from .token_endpoint import IssuedToken, TokenEndpoint

logger = logging.getLogger(__name__)

LOGIN_MESSAGE = "Successfully logged into LMS"
#: Token endpoint errors that say our client id or secret is wrong or switched off
#: (RFC 6749 section 5.2; Canvas answers invalid_client to a wrong secret).
_CLIENT_ERRORS = frozenset({"invalid_client", "unauthorized_client"})

#: ``user_of(access_token)``: the LMS user as login-lms answers it, ``{"id", "email", "name"}``.
UserOf = Callable[[str], dict[str, Any]]


def _login_details(_flow: Any, user_id: str, *_: Any, **__: Any) -> dict[str, Any]:
    return {"user_id": user_id, "mock": False}  # a connection is a login, for the metrics


class OAuthFlow:
    """The authorization-code flow of one LMS for one app, and the token behind each handle."""

    def __init__(self, client: OAuthClient, user_of: UserOf, *, config: LMSConfig,
                 tokens: TokenStore, transport: Transport,
                 connections: ConnectionStore) -> None:
        self.client = client
        self._user_of = user_of
        self._config = config
        self._tokens = tokens
        self._connections = connections
        self._states = AuthorizationStates(tokens.cache)
        self._endpoint = TokenEndpoint(client, transport, config.auth_timeout)

    def __repr__(self) -> str:  # never the secret
        return f"<OAuthFlow {self.client.lms} client_id={self.client.client_id!r}>"

    # --- connecting ----------------------------------------------------------------------------

    def authorization_url(self, user_id: str) -> str:
        """Where to send the teacher's browser; its ``state`` is ``user_id``'s, once."""
        return self.client.authorization_url(self._states.issue(user_id))

    @reports(lms_login_finished, _login_details)
    def connect(self, user_id: str, state: str, code: str) -> dict[str, Any]:
        """Exchange ``code`` for tokens and answer as login-lms does, with a handle as token;
        the whole exchange ends within ``LMS_DEADLINE``."""
        self._take_state(user_id, state)
        with operation_deadline(self._config.deadline):
            issued = self._token_endpoint(lambda: self._endpoint.exchange(code))
            user = self._user_of(issued.access_token)
        handle = new_handle(self.client.handle_prefix)
        self._connections.save(handle, _connection(user_id, issued))
        self._tokens.remember(handle, user_id)  # validated for this host user, like a login
        logger.info("User %s connected %s user %s (token %s)", user_id, self.client.lms,
                    user.get("id"), mask_token(handle))
        return {"message": LOGIN_MESSAGE, "data": {"token": handle, "user": user}}

    @reports(lms_login_finished, _login_details)
    def refuse(self, user_id: str, state: str, error: str) -> NoReturn:
        """The LMS sent the teacher back with ``error`` (access_denied, ...): spend the state
        and say so."""
        self._take_state(user_id, state)
        logger.info("User %s did not connect %s: %r", user_id, self.client.lms, error[:80])
        raise AuthorizationRefused(self.client.lms, error)

    def _take_state(self, user_id: str, state: str) -> None:
        owner = self._states.consume(state)
        if owner != user_id:
            if owner is not None:
                logger.warning("User %s presented an OAuth state issued to another user",
                               user_id)
            raise AuthorizationStateRejected(self.client.lms)

    # --- what the provider asks ----------------------------------------------------------------

    def is_handle(self, lms_token: str) -> bool:
        return lms_token.startswith(self.client.handle_prefix)

    def access_token_for(self, lms_token: str) -> str:
        """The access token behind ``lms_token``; ``lms_token`` itself when it is not a handle
        of ours (a personal access token)."""
        if not self.is_handle(lms_token):
            return lms_token
        connection = self._connections.load(lms_token)
        if connection is None:
            raise LMSTokenInvalid(f"The server no longer holds this {self.client.lms} "
                                  f"connection: click Connect {self.client.lms} again")
        if self._tokens.bound_user(lms_token) is None:
            # The store's trust ran out: bind the handle to its owner again, before anyone
            # else can have it validated for themselves.
            self._tokens.remember(lms_token, connection.user_id)
        return connection.access_token

    def refresh(self, lms_token: str) -> str | None:
        """After the LMS said the access token expired: a new one, stored, or None when there
        is none to get (no refresh token, or the LMS refused it: the connection is forgotten).
        Inside a push it shares the push's deadline."""
        connection = self._connections.load(lms_token) if self.is_handle(lms_token) else None
        if connection is None or not connection.refresh_token:
            return None
        try:
            issued = self._token_endpoint(
                lambda: self._endpoint.refresh(connection.refresh_token or ""))
        except AuthorizationRefused:  # revoked on the LMS, or our client was disabled
            logger.warning("%s refused to refresh the connection %s: forgotten",
                           self.client.lms, mask_token(lms_token))
            self._connections.drop(lms_token)
            self._tokens.forget(lms_token)
            return None
        # Canvas keeps the refresh token and does not resend it; Google may not either
        renewed = _connection(connection.user_id, issued, connection.refresh_token)
        self._connections.save(lms_token, renewed)
        logger.info("%s access token behind %s refreshed", self.client.lms,
                    mask_token(lms_token))
        return renewed.access_token

    def _token_endpoint(self, call: Callable[[], IssuedToken]) -> IssuedToken:
        """``call``, with the token endpoint's OAuth errors as ours."""
        try:
            return call()
        except TokenEndpointRefused as refused:
            if refused.error in _CLIENT_ERRORS:
                # Ours to fix, not the teacher's: and no connection is forgotten for it.
                logger.error("%s refused the OAuth client (%s): check its client id, secret "
                             "and that it is on", self.client.lms, refused.error)
                raise LMSBadResponse(f"{self.client.lms} refused the {self.client.kind} "
                                     f"({refused.error})", action="login") from None
            raise AuthorizationRefused(self.client.lms, refused.error) from None


def _connection(user_id: str, issued: IssuedToken, refresh_token: str | None = None
                ) -> Connection:
    """The connection a token endpoint answer describes."""
    return Connection(
        user_id=user_id, access_token=issued.access_token,
        refresh_token=issued.refresh_token or refresh_token,
        expires_at=time.time() + issued.expires_in if issued.expires_in is not None else None)
