"""Who is asking: the host user behind the bearer token, and whether their LMS token holds."""

from __future__ import annotations

import logging

from flask import Request

from .errors import HostAuthRequired, LMSTokenInvalid, LMSTokenMissing, MockTokenRejected
from .loaders import UserLoader
from .masking import mask_token
from .state import AppState

logger = logging.getLogger(__name__)


def host_user_id(request: Request, user_loader: UserLoader) -> str:
    """The host's user id for the request's ``Authorization: Bearer`` token."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise HostAuthRequired()
    user_id = user_loader(token)
    if user_id is None or user_id == "":
        raise HostAuthRequired()
    return str(user_id)


def authorise_lms_token(state: AppState, user_id: str, lms_token: str | None) -> str:
    """The LMS token, once trusted for ``user_id``: from the store, else by asking the LMS."""
    if lms_token and lms_token[:7].lower() == "bearer ":  # the Authorization habit, accepted
        lms_token = lms_token[7:].strip()
    if not lms_token:
        raise LMSTokenMissing()
    if lms_token.startswith("mock_"):
        raise MockTokenRejected()
    bound_user = state.tokens.bound_user(lms_token)
    if bound_user == user_id:
        return lms_token
    if bound_user is not None:
        logger.warning("LMS token %s presented by user %s was validated for another user",
                       mask_token(lms_token), user_id)
        raise LMSTokenInvalid()
    if not state.provider.validate_token(lms_token):
        raise LMSTokenInvalid()
    if not state.tokens.bind(lms_token, user_id):  # another user bound it first
        logger.warning("LMS token %s presented by user %s was bound to another user meanwhile",
                       mask_token(lms_token), user_id)
        raise LMSTokenInvalid()
    return lms_token
