"""The example frontend on one origin calling the host app on another, with CORS.

    python examples/cross_origin_demo.py     # then open the printed frontend URL

Needs flask-cors: pip install 'lms-export-blueprint[examples]'.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).parent))
from host_app import create_app

from lms_export_blueprint.testing.live import LiveLMS

FRONTEND_DIR = Path(__file__).parent / "frontend"
TEACHER = {"email": "teacher@example.edu", "password": "correct horse battery staple"}


class FrontendServer(ThreadingHTTPServer):
    """Serves ``examples/frontend/`` as plain static files, like any CDN or web server would."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(FRONTEND_DIR))
        super().__init__((host, port), handler)

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FrontendServer:
        threading.Thread(target=self.serve_forever, name="frontend", daemon=True).start()
        return self


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def main() -> None:
    lms = LiveLMS().start()
    lms.add_user(TEACHER["email"], TEACHER["password"], name="Demo Teacher")
    frontend = FrontendServer(port=8080).start()
    app = create_app({"LMS_BASE_URL": lms.base_url, "FRONTEND_ORIGIN": frontend.origin})
    host = make_server("127.0.0.1", 5000, app, threaded=True)
    print(f"Reference LMS {lms.base_url}; log in as {TEACHER['email']} / {TEACHER['password']}")
    print(f"Host app      http://127.0.0.1:{host.server_port} (CORS for {frontend.origin})")
    print(f"Frontend      {frontend.origin}/index.html?api=http://127.0.0.1:{host.server_port}")
    try:
        host.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        frontend.shutdown()
        lms.stop()


if __name__ == "__main__":
    main()
