"""Faults for the next calls to the Canvas double: a status, a timeout, a refused connection."""

from __future__ import annotations

import json

from ..reference_lms import Fault, FaultQueue, LMSResponse

__all__ = ["CanvasFault", "FaultQueue"]


class CanvasFault(Fault):
    """A reference-LMS fault whose default body is Canvas's ``{"errors": [...]}``."""

    def response(self) -> LMSResponse:
        if self.body is None:
            message = f"injected {self.status}"
            self.body = json.dumps({"errors": [{"message": message}]}).encode()
            self.headers.setdefault("Content-Type", "application/json")
        return super().response()
