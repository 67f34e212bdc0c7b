"""Two ways to serve an in-memory double: in-process through ``responses`` (``InProcess``), or
on a real HTTP/1.1 server at 127.0.0.1 (``OnLoopback``).

Both act out the same faults the same way (docs/testing.md): a refused connection, and a
silent LMS that is a timeout when the client waits less than it stays silent and a dropped
connection otherwise. The reference LMS and the Canvas double each mix in one of them.
"""

from __future__ import annotations

import contextlib
import re
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Protocol

import requests

from .reference_lms import Fault, Outcome

if TYPE_CHECKING:
    import responses

#: Longest a silent LMS (``timeout_next()``) holds a call whose client never gives up.
MAX_SILENCE = 300.0


class Double(Protocol):
    """An in-memory LMS: answers one request, or names the fault the transport acts out."""

    @property
    def base_url(self) -> str: ...

    def dispatch(self, method: str, target: str, headers: dict[str, str],
                 body: bytes) -> Outcome: ...


class InProcess:
    """Intercept every ``requests`` call to ``base_url`` while started; a context manager.

    Calls to any other URL go out as usual (a test may talk to its own servers on 127.0.0.1).
    A refused connection raises ``requests.ConnectionError`` and a timeout
    ``requests.ReadTimeout``, as requests would, and as the client sees them on a live double.
    """

    if TYPE_CHECKING:
        base_url: str

        def dispatch(self, method: str, target: str, headers: dict[str, str],
                     body: bytes) -> Outcome: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mock = _requests_mock(self.base_url.rstrip("/"), self._callback)

    def start(self) -> Any:
        self.mock.start()
        return self

    def stop(self) -> None:
        self.mock.stop()
        self.mock.reset()

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _callback(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        body = request.body or b""
        outcome = self.dispatch(request.method or "GET", request.path_url or "/",
                                dict(request.headers),
                                body.encode() if isinstance(body, str) else body)
        if outcome.response is None:
            if outcome.fault is not None and outcome.fault.kind == "timeout":
                _act_out_silence(outcome.fault, _read_timeout(request))
            raise requests.ConnectionError("injected refused connection")
        return outcome.response.status, outcome.response.headers, outcome.response.body


class OnLoopback:
    """Serve the double on ``base_url`` (127.0.0.1, a free port) until :meth:`stop`; also a
    context manager. Keep-alive, so clients pool connections as they would with a real LMS."""

    def __init__(self, *args: Any, host: str = "127.0.0.1", port: int = 0,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._server = _Server((host, port), _handler_for(self))  # type: ignore[arg-type]
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Any:
        # A short poll interval: stop() (every test's teardown) waits for one poll.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name=f"live-{type(self).__name__}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and cut open keep-alive connections: the LMS is gone."""
        self._server.shutdown()
        self._server.server_close()
        self._server.close_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def require_responses(fixture: str = "fake_lms") -> Any:
    """The ``responses`` module, or an error that names the extra to install."""
    try:
        import responses
    except ModuleNotFoundError as exc:  # installed with the package, responses is not
        live = fixture.replace("fake_", "live_")
        raise ModuleNotFoundError(
            f"{fixture} needs the responses package: pip install "
            f"'lms-export-blueprint[testing]' (or use {live}, which needs nothing more)",
            name=exc.name) from None
    return responses


def _requests_mock(base_url: str, callback: Any) -> responses.RequestsMock:
    mock = require_responses().RequestsMock(assert_all_requests_are_fired=False)
    pattern = re.compile(re.escape(base_url) + r"/.*")
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        mock.add_callback(method, pattern, callback=callback, content_type=None)
    # Everything that is not this double passes through to the network.
    mock.add_passthru(re.compile(rf"^(?!{re.escape(base_url)}/)"))
    return mock


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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self) -> None:
        with self._open_lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


def _handler_for(double: Double) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so clients can pool connections
        # Headers and body go out in two writes: with Nagle on, the body waits for the
        # client's delayed ACK of the headers (~40 ms on Linux), which no real LMS adds.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            outcome = double.dispatch(self.command, self.path, dict(self.headers), body)
            if outcome.response is None:
                if outcome.fault is not None and outcome.fault.kind == "timeout":
                    self._stay_silent(outcome.fault.seconds)
                self._drop_connection()
                return
            response = outcome.response
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        def _stay_silent(self, seconds: float | None) -> None:
            """Answer nothing for ``seconds``, or (None) until the client hangs up."""
            give_up = time.monotonic() + (MAX_SILENCE if seconds is None else seconds)
            while (left := give_up - time.monotonic()) > 0:
                readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                if readable:
                    if _hung_up(self.connection):
                        return  # the client gave up (or stop() cut the line): nobody to answer
                    time.sleep(min(left, 0.05))

        def _drop_connection(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read the double's ``calls`` instead of stderr."""

    return Handler


def _hung_up(connection: socket.socket) -> bool:
    """True once the client has closed its end (or the server cut it in ``stop``)."""
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
