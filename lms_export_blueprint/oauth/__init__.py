"""OAuth2 for any provider: the shared core a provider plugs its endpoints into.

- ``client.OAuthClient``: one LMS's endpoints, the app's client there, scopes;
- ``flow.OAuthFlow``: state bound to the host user and single use (``states``), connections
  sealed behind a handle (``connections``), the token endpoint through the hardened transport
  (``token_endpoint``), refresh;
- ``routes``: ``POST lms-oauth/start`` and ``lms-oauth/finish`` for the app's flow.

Canvas's side is ``providers/canvas/oauth.py`` (docs/canvas-oauth.md).
"""

from __future__ import annotations

from typing import Any

from .client import OAuthClient, check_client_keys
from .flow import OAuthFlow

__all__ = ["OAuthClient", "OAuthFlow", "canvas_oauth", "check_client_keys",
           "check_developer_key"]


def __getattr__(name: str) -> Any:
    """``canvas_oauth`` and ``check_developer_key`` at their import path of earlier releases
    (they live with the Canvas provider now; imported late: the provider imports this core)."""
    if name in ("canvas_oauth", "check_developer_key", "DEVELOPER_KEY"):
        from ..providers.canvas import oauth as canvas

        return getattr(canvas, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
