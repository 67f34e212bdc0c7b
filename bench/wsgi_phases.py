"""gunicorn entry: the extension's host app or the floor (``$BENCH_TARGET``), each request
timed in three phases around its LMS call: before it, the call, after it.

The call is ``HTTPAdapter.send``, where both targets' ``requests`` sessions meet the socket.
``GET /_phases`` answers the phases of every request since the last such GET, in ms.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

from requests.adapters import HTTPAdapter

PHASES_PATH = "/_phases"

_records: list[dict[str, float]] = []
_current = threading.local()


def timed(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """``app`` with each request's phases recorded (one LMS call per request expected).

    Every ``HTTPAdapter.send`` in the process is timed from then on: this is a server's entry.
    """
    send = HTTPAdapter.send

    def timed_send(self: HTTPAdapter, *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return send(self, *args, **kwargs)
        finally:
            if getattr(_current, "calls", None) is not None:
                _current.calls.append((began, time.perf_counter()))

    HTTPAdapter.send = timed_send  # type: ignore[method-assign]

    def timed_app(environ: dict[str, Any], start_response: Callable[..., Any]
                  ) -> Iterable[bytes]:
        if environ["PATH_INFO"] == PHASES_PATH:
            body = json.dumps(_records).encode()
            _records.clear()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        began, _current.calls = time.perf_counter(), []
        answer = app(environ, start_response)
        try:
            chunks = list(answer)  # the body as gunicorn would write it
        finally:
            getattr(answer, "close", lambda: None)()
        ended, calls, _current.calls = time.perf_counter(), _current.calls, None
        if len(calls) == 1:
            (call_began, call_ended), = calls
            _records.append({"before": (call_began - began) * 1000,
                             "call": (call_ended - call_began) * 1000,
                             "after": (ended - call_ended) * 1000,
                             "whole": (ended - began) * 1000})
        return chunks
    return timed_app


def target_app() -> Callable[..., Iterable[bytes]]:
    """The app ``$BENCH_TARGET`` names, as its own gunicorn entry builds it."""
    entry = "floor" if os.environ.get("BENCH_TARGET") == "floor" else "host"
    app: Callable[..., Iterable[bytes]] = import_module(f"bench.wsgi_{entry}").app
    return app


app = timed(target_app()) if "LMS_BASE_URL" in os.environ else None
