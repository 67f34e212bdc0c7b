"""Faults for the next calls to the Canvas double: a status, a timeout, a refused connection."""

from __future__ import annotations

import json
import threading

from ..reference_lms import Fault, LMSResponse


class CanvasFault(Fault):
    """A reference-LMS fault whose default body is Canvas's ``{"errors": [...]}``."""

    def response(self) -> LMSResponse:
        if self.body is None:
            message = f"injected {self.status}"
            self.body = json.dumps({"errors": [{"message": message}]}).encode()
            self.headers.setdefault("Content-Type", "application/json")
        return super().response()


class FaultQueue:
    """Faults in the order they were asked for; each matching call spends one of ``times``."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
