"""OAuthClient: one LMS's OAuth2 server and the app's client there, as a provider declares it."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..config import LMSConfig


@dataclass(frozen=True)
class OAuthClient:
    """What the shared flow needs to know of one LMS's authorization-code flow."""

    #: The LMS's name as teachers know it, in messages ("Canvas did not authorize ...").
    lms: str
    authorize_url: str
    token_url: str
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    #: What X-LMS-Token starts with for a connection of this LMS (``lmsx-canvas.``): it must
    #: be something no access token of that LMS starts with.
    handle_prefix: str
    #: Asked for on the consent page, space-separated (RFC 6749 section 3.3); none: the LMS's
    #: default (a Canvas developer key without enforced scopes).
    scopes: Sequence[str] = ()
    #: More query parameters of the consent page (Google: ``access_type=offline``).
    authorize_params: Mapping[str, str] = field(default_factory=dict)
    #: What the LMS calls the client, in messages ("Canvas refused the developer key").
    kind: str = "OAuth client"

    def authorization_url(self, state: str) -> str:
        """The consent page for one request whose ``state`` is ``state``."""
        query = {"response_type": "code", "client_id": self.client_id,
                 "redirect_uri": self.redirect_uri, "state": state,
                 **({"scope": " ".join(self.scopes)} if self.scopes else {}),
                 **self.authorize_params}
        separator = "&" if "?" in self.authorize_url else "?"
        return f"{self.authorize_url}{separator}{urlencode(query)}"


def check_client_keys(lms: str, keys: Mapping[str, Any], config: LMSConfig,
                      secret_key: Any, *, needs_base_url: bool,
                      kind: str = "OAuth client") -> bool:
    """At start-up: True when an OAuth client is configured (every key of ``keys``, named to
    their values, is set); False when none is; RuntimeError for one that could not work."""
    if all(value is None for value in keys.values()):
        return False
    missing = [name for name, value in keys.items() if value is None]
    if missing:
        raise RuntimeError(f"A {lms} {kind} needs all of {', '.join(keys)}: "
                           f"{', '.join(missing)} is not set")
    first = next(iter(keys))
    if not secret_key:
        # Refresh tokens are sealed with it; without it they would sit in the cache readable.
        raise RuntimeError(f"A {lms} {kind} ({first}) needs app.config['SECRET_KEY']: "
                           "refresh tokens are sealed with it")
    if config.token_cache_type in ("NullCache", "null"):
        # The state of a request and the connection behind a handle live in the token store.
        raise RuntimeError(f"A {lms} {kind} needs a token store that keeps what it is "
                           "given: LMS_TOKEN_CACHE_TYPE is NullCache")
    if needs_base_url and config.mock_mode:
        raise RuntimeError(f"A {lms} {kind} needs LMS_BASE_URL, the {lms} root")
    if importlib.util.find_spec("cryptography") is None:
        raise RuntimeError(f"A {lms} {kind} needs cryptography (refresh tokens are "
                           "sealed with it): pip install cryptography")
    return True
