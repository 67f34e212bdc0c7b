"""POST login-lms: sign the user in to the LMS (or pretend to, in mock mode)."""

from __future__ import annotations

import logging
from typing import Any

from .errors import LMSError
from .masking import mask_token
from .signals import lms_login_finished, login_details, reports
from .state import AppState

logger = logging.getLogger(__name__)

MOCK_MESSAGE = "Successfully logged into LMS (MOCK MODE - No LMS_BASE_URL configured)"


@reports(lms_login_finished, login_details)
def login_to_lms(state: AppState, user_id: str, email: str | None = None,
                 password: str | None = None, *,
                 access_token: str | None = None,
                 username: str | None = None) -> dict[str, Any]:
    """Sign in with the LMS and record the token as validated for ``user_id``.

    The generic LMS takes ``email`` and ``password``, Canvas an ``access_token``; the
    provider refuses the other body with a 422.
    """
    credentials = {name: value for name, value in (
        ("email", email), ("username", username), ("password", password),
        ("access_token", access_token))
        if value is not None}
    logger.info("User %s attempting LMS login", user_id)
    if state.config.mock_mode:
        logger.warning("LMS_BASE_URL not configured: mock LMS login for user %s", user_id)
        return {"message": MOCK_MESSAGE, "data": {
            "token": "mock_lms_token_for_testing_" + user_id[:8],
            "user": {"id": "mock_user_id", "email": email, "name": "Mock User"},
        }}
    try:
        with state.client.operation():  # sign-in and, if needed, "me" share one deadline
            login = state.provider.sign_in(credentials)
    except LMSError as exc:
        logger.warning("LMS login failed for user %s: %s", user_id, exc.detail)
        raise
    state.tokens.remember(login.token, user_id)
    logger.info("LMS login successful for user %s (token %s)", user_id, mask_token(login.token))
    return {"message": "Successfully logged into LMS",
            "data": {"token": login.token, "user": login.user}}
