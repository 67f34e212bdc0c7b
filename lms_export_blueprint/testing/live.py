"""LiveLMS: the reference LMS behind a real HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .reference_lms import ReferenceLMS

#: Longest a silent LMS (``timeout_next()``) holds a call whose client never gives up.
MAX_SILENCE = 300.0


class LiveLMS(ReferenceLMS):
    """Serve the reference LMS on ``base_url`` until :meth:`stop`; also a context manager.

    A refused connection is acted out by closing the socket without an answer, a timeout by
    answering nothing until the client gives up (or for ``seconds``, then closing the socket).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._server = _Server((host, port), _handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LiveLMS:
        # A short poll interval: stop() (every test's teardown) waits for one poll.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="live-lms", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and cut open keep-alive connections: the LMS is gone."""
        self._server.shutdown()
        self._server.server_close()
        self._server.close_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LiveLMS:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


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


def _handler_for(lms: ReferenceLMS) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so clients can pool connections
        # Headers and body go out in two writes: with Nagle on, the body waits for the
        # client's delayed ACK of the headers (~40 ms on Linux), which no real LMS adds.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            outcome = lms.dispatch(self.command, self.path, dict(self.headers), body)
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
            """Quiet: tests read ``lms.calls`` instead of stderr."""

    return Handler


def _hung_up(connection: socket.socket) -> bool:
    """True once the client has closed its end (or the server cut it in ``stop``)."""
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
