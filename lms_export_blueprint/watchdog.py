"""The deadline on the socket: an attempt's connection is shut down when its time is up.

A socket timeout bounds one read, not an answer: an LMS that drips a byte a second keeps every
read short and the answer endless, in the status line and headers as much as in the body. So
each attempt arms an alarm that shuts the attempt's socket down when the deadline passes; the
connection registers its socket when it is made and again before it waits for the answer. One
thread per process rings every alarm.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import math
import os
import socket
import threading
import time
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
        self._alarm = _alarms.add(time.monotonic() + max(seconds, 0.0), self)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if not self._stopped:
                self._sockets.append(sock)

    def stop(self) -> None:
        # Under the lock: a socket back in the pool must never be cut for a finished attempt.
        with self._lock:
            self._stopped = True
            self._sockets.clear()
        _alarms.remove(self._alarm)

    def cut(self) -> None:
        """Shut down every socket it watches, unless it was stopped first."""
        with self._lock:
            if self._stopped:
                return
            self.fired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


class _Alarms:
    """One thread per process that cuts each watchdog at its deadline.

    A thread per attempt (``threading.Timer``) cost a thread start on every LMS call; here an
    attempt costs a heap push. A stopped watchdog is let go at once (kept until its deadline,
    thousands of them would outlive their calls and make every garbage collection longer);
    only its deadline stays in the heap, and a stopped deadline at the top is dropped as the
    next comes, so the thread wakes about once per deadline's length, not once per call.

    The thread is woken only for an alarm sooner than the one it sleeps towards. Each wake
    costs the process a thread switch: woken while a request holds the GIL, it queues for it,
    and every GIL release of that request (a syscall, a socket read) then pays for the wait.
    """

    _wake: threading.Condition
    _heap: list[tuple[float, int]]
    _due: dict[int, Watchdog]
    _thread: threading.Thread | None
    #: The deadline the thread sleeps towards (``inf``: none); read and set under ``_wake``.
    _sleeps_until: float

    def __init__(self) -> None:
        self._order = itertools.count()
        self.reset()

    def add(self, at: float, watchdog: Watchdog) -> int:
        """Ring ``watchdog`` at ``at`` (``time.monotonic()``); the alarm's number."""
        alarm = next(self._order)
        with self._wake:
            heapq.heappush(self._heap, (at, alarm))
            self._due[alarm] = watchdog
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="lms-watchdog",
                                                daemon=True)
                self._thread.start()
            elif at < self._sleeps_until:
                self._wake.notify()
        return alarm

    def remove(self, alarm: int) -> None:
        """The alarm will not ring; its watchdog is let go."""
        with self._wake:
            self._due.pop(alarm, None)
            # Stopped deadlines at the top go, but the last one stays: the thread sleeps
            # towards it rather than forever, so the next call has no reason to wake it.
            while len(self._heap) > 1 and self._heap[0][1] not in self._due:
                heapq.heappop(self._heap)
            if len(self._heap) > 2 * len(self._due) + 64:
                self._heap = [entry for entry in self._heap if entry[1] in self._due]
                heapq.heapify(self._heap)

    def reset(self) -> None:
        """No alarm and no thread yet: when made, and in a forked child (a gunicorn worker),
        where the parent's thread does not exist."""
        self._wake = threading.Condition(threading.Lock())
        self._heap = []
        self._due = {}
        self._thread = None
        self._sleeps_until = math.inf

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    self._sleeps_until = self._heap[0][0] if self._heap else math.inf
                    self._wake.wait(self._sleeps_until - time.monotonic()
                                    if self._heap else None)
                _, alarm = heapq.heappop(self._heap)
                due = self._due.pop(alarm, None)
            if due is not None:
                due.cut()


_alarms = _Alarms()
os.register_at_fork(after_in_child=_alarms.reset)


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
