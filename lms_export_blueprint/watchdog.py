"""The deadline on the socket: an attempt's connection is shut down when its time is up.

A socket timeout bounds one read, not an answer: an LMS that drips a byte a second keeps every
read short and the answer endless, in the status line and headers as much as in the body. So
each attempt arms a timer that shuts the attempt's socket down when the deadline passes; the
connection registers its socket when it is made and again before it waits for the answer.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager


class Watchdog:
    """Shuts down the sockets it watches once ``seconds`` pass, unless stopped first."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._stopped = False
        self._timer = threading.Timer(max(seconds, 0.0), self._cut)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if not self._stopped:
                self._sockets.append(sock)

    def stop(self) -> None:
        # Under the lock: a socket back in the pool must never be cut for a finished attempt.
        with self._lock:
            self._stopped = True
        self._timer.cancel()

    def _cut(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self.fired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


_current: ContextVar[Watchdog | None] = ContextVar("lms_watchdog", default=None)


@contextmanager
def cut_at(seconds: float) -> Iterator[Watchdog]:
    """Connections that wait for an answer inside are shut down after ``seconds``."""
    watchdog = Watchdog(seconds)
    token = _current.set(watchdog)
    try:
        yield watchdog
    finally:
        watchdog.stop()
        _current.reset(token)


def current_watchdog() -> Watchdog | None:
    return _current.get()


def _watch(sock: socket.socket | None) -> None:
    watchdog = _current.get()
    if watchdog is not None and sock is not None:
        watchdog.watch(sock)


class _WatchedConnection(HTTPConnection):
    """Reports its socket when it is made (a TLS handshake may drip too) and each time it
    waits for an answer (a pooled connection is made once and reused)."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock

    def getresponse(self) -> Any:  # type: ignore[override]
        _watch(self.sock)
        return super().getresponse()


class _WatchedHTTPConnection(_WatchedConnection):
    pass


class _WatchedHTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections report their socket to the attempt's watchdog.

    Through a SOCKS proxy the socket is out of reach: only the checks between chunks apply.
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _use_watched_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            _use_watched_pools(manager)
        return manager


def _use_watched_pools(manager: PoolManager) -> None:
    manager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
