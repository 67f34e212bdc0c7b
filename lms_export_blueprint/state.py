"""What the extension keeps per Flask app."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from flask import current_app

from .client import LMSClient
from .config import LMSConfig
from .tokens import TokenStore

if TYPE_CHECKING:
    from .extension import LMSExport
    from .oauth.flow import OAuthFlow
    from .providers import Provider

#: The key of ``app.extensions`` that holds the ``LMSExport``.
EXTENSION_NAME = "lms_export"


@dataclass(frozen=True)
class AppState:
    config: LMSConfig
    client: LMSClient
    tokens: TokenStore
    #: The provider's OAuth2 flow (``oauth/``): set when its client (Canvas: a developer key)
    #: is configured, else None. The Canvas provider reads it as ``CanvasTokens``.
    oauth: OAuthFlow | None = None

    @cached_property
    def provider(self) -> Provider:
        """The LMS provider ``LMS_PROVIDER`` names, built once per app (it keeps the pacing)."""
        from .providers import build_provider  # providers read the state: built on first use

        return build_provider(self)


def current_extension() -> LMSExport:
    """The current app's ``LMSExport``, or a RuntimeError that says what to do."""
    extension = current_app.extensions.get(EXTENSION_NAME)
    if extension is None:
        raise RuntimeError("No LMSExport on the current app: call LMSExport(app) first")
    return extension  # type: ignore[no-any-return]
