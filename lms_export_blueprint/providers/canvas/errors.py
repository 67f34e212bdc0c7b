"""How Canvas's failing answers read: its throttle, its two kinds of 401, its messages."""

from __future__ import annotations

from typing import Any

from ...errors import LMSError, LMSForbidden, LMSTimeout
from ...transport import Call, LMSHTTPError

#: request_throttle.rb#rate_limit_exceeded answers 403 text/plain with this text.
THROTTLE_TEXT = b"rate limit exceeded"


class CanvasDialect:
    """The :class:`~lms_export_blueprint.transport.Dialect` of the Canvas REST API."""

    def throttled(self, failure: LMSHTTPError) -> bool:
        """403 "Rate Limit Exceeded" (app/middleware/request_throttle.rb), or a 429 that some
        instances send (doc/api/throttling.md); either way Canvas did not act on the call."""
        if failure.status == 429:
            return True
        return failure.status == 403 and THROTTLE_TEXT in failure.body.lower()

    def error_for(self, failure: LMSHTTPError, call: Call) -> LMSError | None:
        """A 401 without ``WWW-Authenticate`` is "not permitted", not "bad token": Canvas's
        render_unauthorized_action (application_controller.rb) answers ``{"status":
        "unauthorized"}`` to a valid token that may not do this, while an invalid or expired
        token's 401 (lib/authentication_methods.rb) carries the ``Bearer`` challenge."""
        challenged = "WWW-Authenticate" in failure.headers
        if (failure.status == 401 and not challenged) or failure.status == 403:
            return LMSForbidden(_with_said(LMSForbidden.detail, failure.said))
        return None

    def messages(self, errors: Any) -> str | None:
        """Canvas's ``errors``: ``[{"message"}]`` (lib/api.rb), or keyed by attribute, each a
        list of ``{"attribute", "message"}`` (lib/api/errors.rb, active_model_errors.rb)."""
        if isinstance(errors, dict):
            errors = [entry for entries in errors.values() if isinstance(entries, list)
                      for entry in entries]
        if not isinstance(errors, list):
            return None
        messages = [entry["message"] for entry in errors
                    if isinstance(entry, dict) and isinstance(entry.get("message"), str)]
        return "; ".join(messages) or None


def _with_said(detail: str, said: str) -> str:
    return f"{detail}: Canvas said {said}" if said else detail


class StoppedEarly(LMSTimeout):
    """504: too little of ``LMS_DEADLINE`` is left to send another question and still delete
    the half-built quiz; nothing was sent, so there is nothing to look for."""

    detail = ("Request timeout - LMS server took too long to respond: the push stopped early "
              "to leave time to delete the half-built quiz")
