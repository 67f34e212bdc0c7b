"""How Google's failing answers read: its quota refusals, its envelope, its 403s.

Every Google API answers a failure with ``{"error": {"code", "message", "status", "errors":
[{"reason"}]}}`` (https://cloud.google.com/apis/design/errors). Quotas are refused with 429
``RESOURCE_EXHAUSTED`` (Forms "Usage limits":
https://developers.google.com/workspace/forms/api/limits), or by Drive with 403 and the reason
``rateLimitExceeded`` / ``userRateLimitExceeded`` (Drive "Resolve errors":
https://developers.google.com/workspace/drive/api/guides/handle-errors); both ask for
exponential backoff and were not acted on.
"""

from __future__ import annotations

import json
from typing import Any

from ...errors import LMSBadResponse, LMSError, LMSForbidden
from ...masking import mask_secrets
from ...transport import Call, LMSHTTPError

QUOTA_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def envelope(body: bytes) -> dict[str, Any]:
    """The ``error`` object of a failing answer, or ``{}`` when the body is not Google's."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return {}
    found = payload.get("error") if isinstance(payload, dict) else None
    return found if isinstance(found, dict) else {}


def reasons(failure: LMSHTTPError) -> set[str]:
    found = envelope(failure.body).get("errors")
    if not isinstance(found, list):
        return set()
    return {str(entry.get("reason")) for entry in found if isinstance(entry, dict)}


class GoogleDialect:
    """The :class:`~lms_export_blueprint.transport.Dialect` of Google's REST APIs."""

    def throttled(self, failure: LMSHTTPError) -> bool:
        if failure.status == 429:
            return True
        return failure.status == 403 and bool(reasons(failure) & QUOTA_REASONS)

    def error_for(self, failure: LMSHTTPError, call: Call) -> LMSError | None:
        """403 → 403 with Google's message (the token stays); 401 and the statuses a call maps
        itself (404) → the shared table; any other 4xx/5xx → 502 with Google's message."""
        if failure.status in (401, *call.status_errors):
            return None
        said = self._said(failure, call)
        if failure.status == 403:
            return LMSForbidden(f"{LMSForbidden.detail}: Google said {said}")
        return LMSBadResponse(said, action=call.action)

    def _said(self, failure: LMSHTTPError, call: Call) -> str:
        error = envelope(failure.body)
        message = error.get("message")
        if not isinstance(message, str) or not message.strip():
            return failure.said
        status = error.get("status") if isinstance(error.get("status"), str) else ""
        text = f"{failure.status} {status}: {' '.join(message.split())[:300]}"
        return mask_secrets(text, (*call.secrets, call.token or ""))
