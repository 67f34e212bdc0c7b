"""FakeLMS: the reference LMS served in-process through ``responses`` (no sockets)."""

from __future__ import annotations

import re
import time
from typing import Any

import requests

try:
    import responses
except ModuleNotFoundError as exc:  # the fixture is installed with the package, responses is not
    raise ModuleNotFoundError(
        "fake_lms needs the responses package: pip install 'lms-export-blueprint[testing]' "
        "(or use live_lms, which needs nothing more)", name=exc.name) from None

from .reference_lms import Fault, ReferenceLMS


class FakeLMS(ReferenceLMS):
    """Intercept every ``requests`` call to ``base_url`` while started; a context manager.

    Calls to any other URL go out as usual (a test may talk to its own servers on 127.0.0.1).
    A refused connection raises ``requests.ConnectionError`` and a timeout
    ``requests.ReadTimeout``, as requests would, and as the client sees them from ``LiveLMS``.
    """

    base_url = "https://lms.example.test"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if base_url:
            self.base_url = base_url.rstrip("/")
        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        pattern = re.compile(re.escape(self.base_url) + r"/.*")
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            self.mock.add_callback(method, pattern, callback=self._callback,
                                   content_type=None)
        # Everything that is not this LMS passes through to the network.
        self.mock.add_passthru(re.compile(rf"^(?!{re.escape(self.base_url)}/)"))

    def start(self) -> FakeLMS:
        self.mock.start()
        return self

    def stop(self) -> None:
        self.mock.stop()
        self.mock.reset()

    def __enter__(self) -> FakeLMS:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _callback(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        body = request.body or b""
        path = (request.path_url or "/").split("?")[0]
        outcome = self.dispatch(request.method or "GET", path, dict(request.headers),
                                body.encode() if isinstance(body, str) else body)
        if outcome.response is None:
            if outcome.fault is not None and outcome.fault.kind == "timeout":
                _act_out_silence(outcome.fault, _read_timeout(request))
            raise requests.ConnectionError("injected refused connection")
        return outcome.response.status, outcome.response.headers, outcome.response.body


def _read_timeout(request: requests.PreparedRequest) -> float | None:
    timeout = getattr(request, "req_kwargs", {}).get("timeout")
    return timeout[1] if isinstance(timeout, tuple) else timeout


def _act_out_silence(fault: Fault, read_timeout: float | None) -> None:
    """What the client meets from an LMS that stays silent, as it would from ``LiveLMS``.

    Silent for longer than the client waits: a read timeout, at once (no time passes here).
    Silent for ``seconds`` within the client's timeout: the connection drops after them.
    """
    if fault.seconds is None or (read_timeout is not None and read_timeout <= fault.seconds):
        raise requests.ReadTimeout("injected timeout: the LMS did not answer in time")
    time.sleep(fault.seconds)
