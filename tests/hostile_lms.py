"""HostileLMS: a real HTTP server on 127.0.0.1 whose every answer a test scripts.

It does what the reference LMS never does: redirect, set cookies, drip its answer a byte at a
time, answer huge, gzip-bomb, nested or odd-typed bodies. Each script is a function given the
request handler; helpers below build the common ones.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Script = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str] = field(compare=False)
    body: bytes = field(compare=False, repr=False)
    client_port: int = field(compare=False, default=0)


class HostileLMS:
    """Answers ``method path`` (path without the ``/api/v1`` root) as scripted; else 404."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.seen: list[Seen] = []
        self.scripts: dict[tuple[str, str], Script] = {}
        self.stopping = threading.Event()
        self._server = _QuietServer((host, 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self, method: str, path: str, script: Script) -> None:
        self.scripts[(method, path)] = script

    def seen_at(self, path: str) -> list[Seen]:
        return [request for request in self.seen if request.path.endswith(path)]

    def __enter__(self) -> HostileLMS:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up on a dripping answer is expected, not worth a traceback."""


def _handler_for(lms: HostileLMS) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?")[0]
            lms.seen.append(Seen(self.command, path, dict(self.headers), body,
                                 self.client_address[1]))
            root = "/api/v1"
            script = lms.scripts.get((self.command, path.removeprefix(root)))
            with contextlib.suppress(OSError):  # the client may cut us off: that is the point
                (script or json_answer(404, {"detail": "no script"}))(self)

        do_GET = do_POST = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


# --- scripts ---------------------------------------------------------------------------------


def raw_answer(status: int, body: bytes = b"",
               headers: dict[str, str] | None = None) -> Script:
    def script(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return script


def json_answer(status: int, payload: Any, headers: dict[str, str] | None = None) -> Script:
    return raw_answer(status, json.dumps(payload).encode(),
                      {"Content-Type": "application/json", **(headers or {})})


def redirect(status: int, location: str | None, payload: Any = None) -> Script:
    headers = {"Location": location} if location else {}
    return json_answer(status, payload if payload is not None else {}, headers)


def chunked(parts: Iterable[bytes], headers: dict[str, str] | None = None) -> Script:
    """A 200 in chunked encoding, no Content-Length: the size shows only while reading."""
    def script(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for part in parts:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        handler.wfile.write(b"0\r\n\r\n")
    return script


def gzip_bomb(decompressed_bytes: int) -> Script:
    """A small gzip body that inflates to ``decompressed_bytes`` of JSON-ish zeros."""
    with_padding = b'{"course_id": "' + b"0" * decompressed_bytes + b'"}'
    body = gzip.compress(with_padding, compresslevel=9)
    return raw_answer(200, body, {"Content-Type": "application/json",
                                  "Content-Encoding": "gzip"})


@dataclass
class Drip:
    """Sends ``answer`` (status line, headers and all) one byte every ``interval`` seconds;
    ``sent`` counts the bytes that went out before the client hung up."""

    answer: bytes
    interval: float
    sent: int = 0
    cut_off: threading.Event = field(default_factory=threading.Event)

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        connection: socket.socket = handler.connection
        for byte in _bytes(self.answer):
            try:
                connection.sendall(byte)
            except OSError:
                break
            self.sent += 1
            time.sleep(self.interval)
        else:
            return
        self.cut_off.set()
        handler.close_connection = True


def _bytes(data: bytes) -> Iterator[bytes]:
    for index in range(len(data)):
        yield data[index:index + 1]


def http_answer(status: int, payload: Any) -> bytes:
    """A whole HTTP/1.1 answer as bytes, for ``Drip``."""
    body = json.dumps(payload).encode()
    return (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
