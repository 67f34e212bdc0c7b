"""A real redis-server (with an append-only file, so a restart keeps what was written) and real
``flask lms worker`` processes, for the RQ engine's tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from servers import EXAMPLES, STARTUP_SECONDS, _env, free_port, require_binary, stop, wait_for_port

SECRET_KEY = "jobs-test-secret-key"


class RedisServer:
    """redis-server on 127.0.0.1 with ``appendonly yes`` and ``appendfsync always``: every
    write is on disk before Redis answers, which is what a restart keeping results relies on."""

    def __init__(self, directory: str) -> None:
        self.binary = require_binary("redis-server")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
             self.directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process)

    def restart(self) -> None:
        assert self.process is not None
        stop(self.process)
        self.start()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@contextmanager
def redis_with_aof() -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="redis-jobs-") as directory:
        server = RedisServer(directory)
        server.start()
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def lms_worker(config: Mapping[str, object]) -> Iterator[subprocess.Popen]:
    """``flask --app examples/wsgi.py lms worker`` in its own process, once RQ lists it."""
    from redis import Redis
    from rq import Worker

    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", str(EXAMPLES / "wsgi.py"), "lms", "worker"],
        env=_env(config), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    connection = Redis.from_url(str(config["LMS_JOBS_REDIS_URL"]))
    give_up = time.monotonic() + STARTUP_SECONDS
    try:
        while not any(worker.pid == process.pid for worker in Worker.all(connection)):
            if process.poll() is not None or time.monotonic() > give_up:
                raise RuntimeError(f"flask lms worker did not start ({process.poll()})")
            time.sleep(0.05)
        yield process
    finally:
        stop(process)
        connection.close()


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (RQ's work horse is the worker's child)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def kill_9(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended by itself meanwhile
        os.kill(pid, signal.SIGKILL)
