"""Google's side of OAuth2: a Cloud console OAuth client on the shared flow (``oauth/``).

Google's web-server flow (https://developers.google.com/identity/protocols/oauth2/web-server):
the consent page is ``https://accounts.google.com/o/oauth2/v2/auth`` and the token endpoint
``https://oauth2.googleapis.com/token`` (with ``LMS_BASE_URL`` set, ``/o/oauth2/v2/auth`` and
``/token`` under it); ``access_type=offline`` gives a refresh token, ``prompt=consent`` gives one
again on a reconnect, ``include_granted_scopes`` keeps scopes granted before. An expired access
token is Google's 401, which ``GoogleAPI.call`` refreshes once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...config import LMSConfig
from ...oauth.client import OAuthClient, check_client_keys
from ...oauth.flow import OAuthFlow
from ...transport import Transport

if TYPE_CHECKING:
    from ...tokens import TokenStore

#: The config keys of a Google OAuth client; all three or none.
CLIENT_KEYS = ("LMS_GOOGLE_CLIENT_ID", "LMS_GOOGLE_CLIENT_SECRET", "LMS_GOOGLE_REDIRECT_URI")
#: X-LMS-Token of a connection starts with this; a Google access token starts ``ya29.``.
HANDLE_PREFIX = "lmsx-google."
AUTHORIZE = ("https://accounts.google.com", "/o/oauth2/v2/auth")
TOKEN = ("https://oauth2.googleapis.com", "/token")
#: The fewest scopes that do the job: each the one the discovery document names for a method
#: the provider calls (docs/google.md).
SCOPES = tuple("https://www.googleapis.com/auth/" + scope for scope in (
    "classroom.courses", "classroom.coursework.students", "classroom.courseworkmaterials",
    "classroom.topics", "classroom.profile.emails", "drive.file"))


def check_google_client(config: LMSConfig, settings: Mapping[str, Any],
                        secret_key: Any) -> None:
    """Raise RuntimeError, at start-up, for a Google OAuth client that could not work."""
    check_client_keys("Google", _keys(settings), config, secret_key, needs_base_url=False)


def google_client(config: LMSConfig, settings: Mapping[str, Any]) -> OAuthClient | None:
    """The Cloud console OAuth client, or None without one."""
    if settings.get("client_id") is None:
        return None
    return OAuthClient(
        lms="Google", authorize_url=_url(config, AUTHORIZE), token_url=_url(config, TOKEN),
        client_id=settings["client_id"], client_secret=settings.get("client_secret") or "",
        redirect_uri=settings.get("redirect_uri") or "", handle_prefix=HANDLE_PREFIX,
        scopes=SCOPES, authorize_params={"access_type": "offline", "prompt": "consent",
                                         "include_granted_scopes": "true"})


def google_oauth(config: LMSConfig, settings: Mapping[str, Any], secret_key: Any,
                 tokens: TokenStore, transport: Transport) -> OAuthFlow | None:
    """The app's Google OAuth2 flow, or None without a client (checked first)."""
    client = google_client(config, settings)
    if client is None:
        return None
    from ...oauth.connections import ConnectionStore
    from ...sealing import Sealer
    from .api import GoogleAPI
    from .identity import user_info

    api = GoogleAPI(config, transport)
    return OAuthFlow(client, lambda access_token: user_info(api, access_token), config=config,
                     tokens=tokens, transport=transport,
                     connections=ConnectionStore(tokens.cache, Sealer(secret_key)))


def _url(config: LMSConfig, where: tuple[str, str]) -> str:
    return (config.root if config.base_url else where[0]) + where[1]


def _keys(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {key: settings.get(key.removeprefix("LMS_GOOGLE_").lower()) for key in CLIENT_KEYS}
