"""Real servers for the reliability tests: redis-server, the host app in its own process, gunicorn.

A test that needs a binary skips when it is missing, except under CI (``CI=true``), where a
missing binary is a failure: CI installs them, so their absence there is a broken set-up.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
#: Longest wait for a server to come up; a bounded loop, never a hang.
STARTUP_SECONDS = 20


def require_binary(name: str) -> str:
    """The path of ``name``; skip without it, or fail when CI is true."""
    path = shutil.which(name) or (shutil.which(name, path=str(Path(sys.executable).parent)))
    if path:
        return path
    missing(f"{name} is not installed (CI installs it: see docs/testing.md)")


def require_module(name: str) -> ModuleType:
    """The module ``name``; skip the test module without it, or fail when CI is true."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"the {name} package is not installed (pip install -e '.[dev]')")


def missing(reason: str) -> NoReturn:
    """A tool a test tier needs is missing: skip, except under CI, which installs every tool."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must install it", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None) -> None:
    give_up = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < give_up:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited early with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {STARTUP_SECONDS}s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on 127.0.0.1, no persistence; yields its URL."""
    binary = require_binary("redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def _env(config: Mapping[str, object]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    # examples/wsgi.py reads each value back as JSON where it parses as JSON
    env.update({key: value if isinstance(value, str) else json.dumps(value)
                for key, value in config.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextmanager
def host_app_process(config: Mapping[str, object]) -> Iterator[str]:
    """``examples/wsgi.py`` in its own process (werkzeug, threaded); yields its URL."""
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "wsgi.py"), "--port", "0"],
        env=_env(config), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = process.stdout.readline()  # "listening on PORT", or "" if it died
        if not line.startswith("listening on "):
            raise RuntimeError(f"host app did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[-1])}"
    finally:
        stop(process)


@contextmanager
def gunicorn_app(config: Mapping[str, object], workers: int = 2, threads: int = 8
                 ) -> Iterator[str]:
    """``examples/wsgi.py`` under gunicorn on a socket bound here (no port race)."""
    binary = require_binary("gunicorn")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--bind", f"fd://{listener.fileno()}", "--workers", str(workers),
         "--threads", str(threads), "--worker-class", "gthread", "--timeout", "60",
         "--chdir", str(EXAMPLES), "--log-level", "warning", "wsgi:app"],
        env=_env(config), pass_fds=(listener.fileno(),),
    )
    listener.close()
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
