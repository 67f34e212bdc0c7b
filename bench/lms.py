"""The reference LMS for the bench: LiveLMS on 127.0.0.1 that also counts accepted connections."""

from __future__ import annotations

import threading
from typing import Any

from lms_export_blueprint.testing.live import LiveLMS

LATENCY = 0.020
EMAIL, PASSWORD = "bench@example.edu", "bench-password"


class CountingLMS(LiveLMS):
    """LiveLMS whose server counts every TCP connection it accepts (``connections``)."""

    def __init__(self, latency: float = LATENCY, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.latency = latency
        self.connections = 0
        self._count_lock = threading.Lock()
        server = self._server
        accept = server.process_request

        def counting(request: Any, client_address: Any) -> None:
            with self._count_lock:
                self.connections += 1
            accept(request, client_address)

        server.process_request = counting  # type: ignore[method-assign]
        self.add_user(EMAIL, PASSWORD, name="Bench Teacher")

    def snapshot(self) -> tuple[int, int]:
        """(calls so far, connections so far)."""
        return len(self.calls), self.connections
