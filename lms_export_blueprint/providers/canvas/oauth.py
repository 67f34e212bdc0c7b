"""Canvas's side of OAuth2: a developer key on the shared flow (``oauth/``).

Canvas's endpoints are ``/login/oauth2/auth`` and ``/login/oauth2/token`` on the Canvas root
(doc/api/oauth.md, oauth2_provider_controller.rb); its developer key is the three
``LMS_CANVAS_CLIENT_*`` keys. An expired access token is Canvas's 401 *with*
``WWW-Authenticate`` (lib/authentication_methods.rb): ``errors.CanvasDialect`` reads only that
one as ``LMSTokenInvalid``, and ``CanvasAPI.call`` refreshes on it, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...config import LMSConfig
from ...errors import LMSBadResponse
from ...oauth.client import OAuthClient, check_client_keys
from ...oauth.flow import OAuthFlow
from ...transport import Call, Transport

if TYPE_CHECKING:
    from ...tokens import TokenStore

#: The config keys of a developer key; all three or none.
DEVELOPER_KEY = ("LMS_CANVAS_CLIENT_ID", "LMS_CANVAS_CLIENT_SECRET", "LMS_CANVAS_REDIRECT_URI")
#: What the frontend holds as X-LMS-Token starts with this; a Canvas token never does
#: (personal access tokens read ``<shard>~<random>``).
HANDLE_PREFIX = "lmsx-canvas."

#: Kept for the import path of earlier releases: the flow is the shared one.
CanvasOAuth = OAuthFlow


def check_developer_key(config: LMSConfig, secret_key: Any) -> None:
    """Raise RuntimeError, at start-up, for a developer key that could not work."""
    check_client_keys("Canvas", _keys(config), config, secret_key, needs_base_url=True,
                      kind="developer key")


def canvas_client(config: LMSConfig) -> OAuthClient | None:
    """The developer key as an OAuth client, or None without one."""
    if config.canvas_client_id is None:
        return None
    root = config.root
    return OAuthClient(
        lms="Canvas", kind="developer key",
        authorize_url=root + "/login/oauth2/auth", token_url=root + "/login/oauth2/token",
        client_id=config.canvas_client_id, client_secret=config.canvas_client_secret or "",
        redirect_uri=config.canvas_redirect_uri or "", handle_prefix=HANDLE_PREFIX,
        scopes=tuple((config.canvas_scope or "").split()))


def canvas_oauth(config: LMSConfig, secret_key: Any, tokens: TokenStore,
                 transport: Transport) -> OAuthFlow | None:
    """The app's Canvas OAuth2 flow, or None without a developer key (call
    check_developer_key first)."""
    client = canvas_client(config)
    if client is None:
        return None
    from ...oauth.connections import ConnectionStore
    from ...sealing import Sealer

    def user_of(access_token: str) -> dict[str, Any]:
        return canvas_user(config, transport, access_token)

    return OAuthFlow(client, user_of, config=config, tokens=tokens, transport=transport,
                     connections=ConnectionStore(tokens.cache, Sealer(secret_key)))


def canvas_user(config: LMSConfig, transport: Transport, access_token: str) -> dict[str, Any]:
    """The login answer's user, from ``GET /api/v1/users/self`` (docs/canvas.md)."""
    me = transport.send(Call("GET", "/users/self", config.auth_timeout, repeat_safe=True,
                             action="login", token=access_token))
    if not isinstance(me, dict) or me.get("id") is None:
        raise LMSBadResponse("users/self named no user", action="login")
    # users/self has no primary_email (lib/api/v1/user.rb); the profile has (user_profile.rb)
    profile = transport.send(Call("GET", "/users/self/profile", config.auth_timeout,
                                  repeat_safe=True, action="login", token=access_token))
    email = profile.get("primary_email") if isinstance(profile, dict) else None
    return {"id": str(me["id"]), "email": email if isinstance(email, str) and email else None,
            "name": me.get("name")}


def _keys(config: LMSConfig) -> dict[str, Any]:
    return dict(zip(DEVELOPER_KEY, (config.canvas_client_id, config.canvas_client_secret,
                                    config.canvas_redirect_uri), strict=True))
