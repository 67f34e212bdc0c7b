"""Servers for the bench: gunicorn in a subprocess, werkzeug in a thread."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from flask import Flask
from werkzeug.serving import make_server

ROOT = Path(__file__).parents[1]
#: The same settings for the extension's app and the floor.
GUNICORN_WORKERS = 2
#: Per worker, as many threads as the throughput's clients (through_servers.CLIENTS): each
#: client keeps one connection, and the kernel hands each to either worker, 4/4, 3/5 or 2/6.
#: With 4 threads a worker given 5 or 6 holds the extra requests until a thread is free, and
#: the floor's rounds fell into two groups, about 240 and about 300 pushes/s; with 8, 16
#: rounds in a row were within 291-316 (BENCHMARKS.md, "2026-12-07, the harness").
GUNICORN_THREADS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app_path: str, lms_base_url: str, *, workers: int = GUNICORN_WORKERS,
             threads: int = GUNICORN_THREADS, env: dict[str, str] | None = None
             ) -> Iterator[str]:
    """``app_path`` (``module:app``) under gunicorn gthread; yields its base URL. ``env``
    adds to the environment it runs in."""
    port = free_port()
    env = {**os.environ, **(env or {}), "LMS_BASE_URL": lms_base_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers),
         "--threads", str(threads), "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app_path],
        cwd=ROOT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # bounded: up to 20 s for the workers to boot
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app_path} exited with {process.returncode}")
            try:
                requests.get(url + "/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn {app_path} did not start")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def werkzeug_threaded(app: Flask) -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
