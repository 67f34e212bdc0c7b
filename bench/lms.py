"""The reference LMS for the bench: LiveLMS on 127.0.0.1 that also counts accepted connections
and keeps no pushed content."""

from __future__ import annotations

import threading
from typing import Any

from lms_export_blueprint.testing.live import LiveLMS

LATENCY = 0.020
EMAIL, PASSWORD = "bench@example.edu", "bench-password"


class IdsOnly(dict[str, dict[str, Any]]):
    """Courses kept as their ids, owners and asset counts, their content dropped as stored.

    The reference LMS keeps every course whole, as a test wants. A bench run pushes thousands
    (26 kB each, 201 dicts and lists once parsed), and the collector's full passes over them
    froze the bench process, the LMS and the clients with it, for 45 ms at first and 1.1 s by
    the end of a run (``gc.callbacks``), with 1.4 GiB resident: whole throughput rounds fell to
    a fraction of the rest, whichever target was running.
    """

    def __setitem__(self, course_id: str, course: dict[str, Any]) -> None:
        super().__setitem__(course_id, {**course, "assets": [None] * len(course["assets"])})


class CountingLMS(LiveLMS):
    """LiveLMS whose server counts every TCP connection it accepts (``connections``)."""

    def __init__(self, latency: float = LATENCY, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.latency = latency
        self.courses = IdsOnly()
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
