"""What the Canvas provider needs from OAuth2 (``oauth/`` builds it)."""

from __future__ import annotations

from typing import Protocol


class CanvasTokens(Protocol):
    """``AppState.oauth``: Canvas access tokens behind what the frontend sends as X-LMS-Token."""

    def access_token_for(self, lms_token: str) -> str:
        """The current Canvas access token for ``lms_token`` (itself for a personal token)."""

    def refresh(self, lms_token: str) -> str | None:
        """A new access token after Canvas answered 401 with ``WWW-Authenticate``; None when
        there is no refresh token to use."""
