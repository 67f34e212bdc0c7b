"""What the extension keeps per Flask app: one :class:`ExportState`, built by ``init_app``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from .config import LMSConfig
from .tokens import TokenStore
from .transport import Transport

if TYPE_CHECKING:
    from flask_smorest import Api

    from .extension import LMSExport
    from .formats import FormatRegistry
    from .jobs import JobEngine
    from .loaders import Loaders
    from .oauth.flow import OAuthFlow
    from .providers import Provider
    from .providers.generic.client import LMSClient

#: The key of ``app.extensions`` that holds the ``LMSExport`` (docs/registering.md).
EXTENSION_NAME = "lms_export"
#: The key of ``app.extensions`` that holds the app's :class:`ExportState`.
STATE_NAME = "lms_export.state"


@dataclass(frozen=True)
class ExportState:
    """Everything one app's routes, jobs and commands use; written to ``app.extensions`` last.

    ``store`` is the shared key-value store (a Flask-Caching ``Cache``): validated tokens,
    idempotency keys, job keys, provider ledgers and OAuth connections all live in it, each
    under its own prefix.
    """

    extension: LMSExport
    config: LMSConfig
    transport: Transport
    store: Any
    tokens: TokenStore
    provider: Provider
    jobs: JobEngine
    api: Api
    #: Loaders given to this app's ``init_app``; the extension's shared ones fill the rest.
    own_loaders: Mapping[str, Any] = field(default_factory=dict)
    #: The provider's OAuth2 flow (``oauth/``): set when its client (Canvas: a developer key)
    #: is configured, else None. The Canvas provider reads it as ``CanvasTokens``.
    oauth: OAuthFlow | None = None

    @property
    def loaders(self) -> Loaders:
        """This app's loaders; read at each call, since decorators may come after init_app."""
        shared = self.extension.shared_loaders
        return replace(shared, **self.own_loaders) if self.own_loaders else shared

    @property
    def mock_mode(self) -> bool:
        """No LMS to talk to: logins answer mock tokens, pushes are refused."""
        return self.config.mock_mode and getattr(self.provider, "needs_base_url", True)

    @property
    def formats(self) -> FormatRegistry:
        return self.extension.formats

    @cached_property
    def client(self) -> LMSClient:
        """The generic LMS API's client over this app's transport (kept for hosts that call
        ``validate_token`` or ``get_user_info`` on it; providers do not use it)."""
        from .providers.generic.client import LMSClient

        return LMSClient(self.config, transport=self.transport)


def state_of(app: Flask) -> ExportState:
    """``app``'s state, or a RuntimeError that says what to do."""
    state = app.extensions.get(STATE_NAME)
    if state is None:
        raise RuntimeError("LMSExport is not initialised on this app: call LMSExport(app) or "
                           "lms_export.init_app(app) first") from None
    return state  # type: ignore[no-any-return]


def current_state() -> ExportState:
    """The current app's state."""
    return state_of(current_app._get_current_object())  # type: ignore[attr-defined]


def current_extension() -> LMSExport:
    """The current app's ``LMSExport``, or a RuntimeError that says what to do."""
    extension = current_app.extensions.get(EXTENSION_NAME)
    if extension is None:
        raise RuntimeError("No LMSExport on the current app: call LMSExport(app) first")
    return extension  # type: ignore[no-any-return]


#: The name the state had before it held everything (hosts' type hints may use it).
AppState = ExportState
