"""Headless Chromium (Debian's, driven by Playwright) and real HTTP servers on 127.0.0.1.

Browser tests skip when Chromium or Playwright is missing on a developer's machine, and fail
when ``CI=true``, because CI installs them (apt-get install chromium).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("LMS_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
LOOPBACK = "127.0.0.1"

# Headless as root in a sandbox with a closed network; the background-networking flags stop
# Chromium's own calls home, so every request recorded is one the page made.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require_browser() -> None:
    """Skip (or, on CI, fail) unless Chromium and Playwright are installed."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[dev]')")
    if not missing:
        return
    reason = "browser tests need " + " and ".join(missing)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must install it", pytrace=False)
    pytest.skip(reason)


def launch_browser() -> Iterator[object]:
    """Debian's Chromium, headless, with a fresh profile; a Playwright BrowserContext.

    Use as a fixture in a test module: ``browser = pytest.fixture(launch_browser)``.
    """
    require_browser()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


class RequestLog:
    """Every request a browser context makes, by URL."""

    def __init__(self, context: object) -> None:
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))  # type: ignore[attr-defined]

    def off_loopback(self) -> list[str]:
        """Requests that would leave the machine (data: and blob: URLs never do)."""
        return [url for url in self.urls
                if urlsplit(url).scheme not in ("data", "blob", "about")
                and urlsplit(url).hostname != LOOPBACK]


@contextmanager
def serving(wsgi_app: object) -> Iterator[str]:
    """``wsgi_app`` on a real threaded HTTP server at 127.0.0.1 on a free port; its base URL."""
    server = make_server(LOOPBACK, 0, wsgi_app, threaded=True)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, name="test-http", daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def artifact_path(name: str) -> Path:
    """Where a test keeps a file for people to look at (``test-artifacts/``, git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


class ExchangeLog:
    """WSGI middleware that records what the server saw: method, path, status, headers.

    The browser hides CORS preflights from page-level request events; the server does not.
    """

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app
        self.exchanges: list[Exchange] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        def recording_start_response(status: str, headers: list[tuple[str, str]],
                                     exc_info: Any = None) -> Any:
            self.exchanges.append(Exchange(
                environ["REQUEST_METHOD"], environ["PATH_INFO"], int(status.split()[0]),
                request_headers={key[5:].replace("_", "-").lower(): value
                                 for key, value in environ.items() if key.startswith("HTTP_")},
                response_headers={name.lower(): value for name, value in headers},
            ))
            return start_response(status, headers, exc_info)
        return self.wsgi_app(environ, recording_start_response)

    def to(self, method: str, path: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == method and e.path == path]


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    status: int
    request_headers: dict[str, str]
    response_headers: dict[str, str]
