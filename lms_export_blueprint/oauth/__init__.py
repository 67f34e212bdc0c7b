"""OAuth2 for any provider: the shared core a provider plugs its endpoints into.

- ``client.OAuthClient``: one LMS's endpoints, the app's client there, scopes;
- ``flow.OAuthFlow``: state bound to the host user and single use (``states``), connections
  sealed behind a handle (``connections``), the token endpoint through the hardened transport
  (``token_endpoint``), refresh;
- ``routes``: ``POST lms-oauth/start`` and ``lms-oauth/finish`` for the app's flow, which
  the provider's ``blueprint()`` returns.

Each provider's side (its endpoints, client keys and start-up check) lives in its own folder
(docs/providers.md).
"""

from __future__ import annotations

from .client import OAuthClient, check_client_keys
from .flow import OAuthFlow

__all__ = ["OAuthClient", "OAuthFlow", "check_client_keys"]
