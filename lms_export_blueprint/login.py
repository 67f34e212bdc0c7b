"""POST login-lms: sign the user in to the LMS (or pretend to, in mock mode)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from .errors import LMSError
from .masking import mask_token
from .signals import lms_login_finished, login_details, reports
from .state import ExportState

logger = logging.getLogger(__name__)

MOCK_MESSAGE = "Successfully logged into LMS (MOCK MODE - No LMS_BASE_URL configured)"


@reports(lms_login_finished, login_details)
def login_to_lms(state: ExportState, user_id: str,
                 credentials: Mapping[str, str]) -> dict[str, Any]:
    """Sign in with the LMS and record the token as validated for ``user_id``.

    ``credentials`` is one of the login bodies the provider declares (the route's schema
    checked it): the generic LMS takes ``email`` and ``password``, Canvas an ``access_token``.
    """
    logger.info("User %s attempting LMS login", user_id)
    if state.mock_mode:
        logger.warning("LMS_BASE_URL not configured: mock LMS login for user %s", user_id)
        return {"message": MOCK_MESSAGE, "data": {
            "token": "mock_lms_token_for_testing_" + user_id[:8],
            "user": {"id": "mock_user_id", "email": credentials.get("email"),
                     "name": "Mock User"},
        }}
    try:
        with state.transport.operation():  # sign-in and, if needed, "me" share one deadline
            login = state.provider.sign_in(credentials)
    except LMSError as exc:
        logger.warning("LMS login failed for user %s: %s", user_id, exc.detail)
        raise
    state.tokens.remember(login.token, user_id)
    logger.info("LMS login successful for user %s (token %s)", user_id, mask_token(login.token))
    return {"message": "Successfully logged into LMS",
            "data": {"token": login.token, "user": login.user}}
