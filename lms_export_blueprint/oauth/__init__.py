"""OAuth2 with a Canvas developer key: teachers connect from the browser (docs/canvas-oauth.md)."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from ..config import LMSConfig

if TYPE_CHECKING:
    from ..tokens import TokenStore
    from ..transport import Transport
    from .canvas import CanvasOAuth

#: The config keys of a developer key; all three or none.
DEVELOPER_KEY = ("LMS_CANVAS_CLIENT_ID", "LMS_CANVAS_CLIENT_SECRET", "LMS_CANVAS_REDIRECT_URI")


def _developer_key_set(config: LMSConfig) -> bool:
    return config.canvas_client_id is not None


def check_developer_key(config: LMSConfig, secret_key: Any) -> None:
    """Raise RuntimeError, at start-up, for a developer key that could not work."""
    given = (config.canvas_client_id, config.canvas_client_secret, config.canvas_redirect_uri)
    if all(value is None for value in given):
        return
    missing = [name for name, value in zip(DEVELOPER_KEY, given, strict=True) if value is None]
    if missing:
        raise RuntimeError(f"A Canvas developer key needs all of {', '.join(DEVELOPER_KEY)}: "
                           f"{', '.join(missing)} is not set")
    if not secret_key:
        # Refresh tokens are sealed with it; without it they would sit in the cache readable.
        raise RuntimeError("A Canvas developer key (LMS_CANVAS_CLIENT_ID) needs "
                           "app.config['SECRET_KEY']: refresh tokens are sealed with it")
    if config.token_cache_type in ("NullCache", "null"):
        # The state of a request and the connection behind a handle live in the token store.
        raise RuntimeError("A Canvas developer key needs a token store that keeps what it is "
                           "given: LMS_TOKEN_CACHE_TYPE is NullCache")
    if config.mock_mode:
        raise RuntimeError("A Canvas developer key needs LMS_BASE_URL, the Canvas root "
                           "(https://school.instructure.com)")
    absent = [name for name in ("authlib", "cryptography")
              if importlib.util.find_spec(name) is None]
    if absent:
        raise RuntimeError(f"A Canvas developer key needs {' and '.join(absent)}: "
                           f"pip install 'lms-export-blueprint[canvas]'")


def canvas_oauth(config: LMSConfig, secret_key: Any, tokens: TokenStore,
                 transport: Transport) -> CanvasOAuth | None:
    """The app's OAuth2 flow, or None without a developer key (call check_developer_key first)."""
    if not _developer_key_set(config):
        return None
    from ..sealing import Sealer
    from .canvas import CanvasOAuth
    from .connections import ConnectionStore

    return CanvasOAuth(config, tokens, transport,
                       ConnectionStore(tokens.cache, Sealer(secret_key)))
