"""FakeCanvas: the Canvas double served in-process through ``responses`` (no sockets)."""

from __future__ import annotations

import re
from typing import Any

import requests
import responses

from .double import CanvasDouble


class FakeCanvas(CanvasDouble):
    """Intercept every ``requests`` call to ``base_url`` while started; a context manager.

    A refused connection raises ``requests.ConnectionError``, a timeout ``requests.ReadTimeout``.
    """

    def __init__(self, base_url: str = "https://canvas.example.test", **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)
        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        pattern = re.compile(re.escape(self.base_url) + r"/.*")
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            self.mock.add_callback(method, pattern, callback=self._callback, content_type=None)

    def start(self) -> FakeCanvas:
        self.mock.start()
        return self

    def stop(self) -> None:
        self.mock.stop()
        self.mock.reset()

    def __enter__(self) -> FakeCanvas:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _callback(self, request: requests.PreparedRequest
                  ) -> tuple[int, dict[str, str], bytes]:
        body = request.body or b""
        outcome = self.dispatch(request.method or "GET", request.path_url or "/",
                                dict(request.headers),
                                body.encode() if isinstance(body, str) else body)
        if outcome.response is None:
            if outcome.fault is not None and outcome.fault.kind == "timeout":
                raise requests.ReadTimeout("injected timeout")
            raise requests.ConnectionError("injected refused connection")
        return outcome.response.status, outcome.response.headers, outcome.response.body
