"""Faults for the next calls to the Google double, answered in Google's error envelope."""

from __future__ import annotations

import json

from ..reference_lms import Fault, LMSResponse
from .api import REASONS, STATUS_NAMES


class GoogleFault(Fault):
    """A reference-LMS fault whose default body is ``{"error": {"code", "message",
    "status", "errors": [{"reason"}]}}``; ``reason`` picks the legacy reason (a 403 quota
    refusal says ``rateLimitExceeded`` or ``userRateLimitExceeded``)."""

    reason: str | None = None

    def response(self) -> LMSResponse:
        if self.body is None:
            message = f"injected {self.status}"
            self.body = json.dumps({"error": {
                "code": self.status, "message": message,
                "status": STATUS_NAMES.get(self.status, "UNKNOWN"),
                "errors": [{"message": message, "domain": "global",
                            "reason": self.reason or REASONS.get(self.status, "unknown")}]}
            }).encode()
            self.headers.setdefault("Content-Type", "application/json; charset=UTF-8")
        return super().response()
