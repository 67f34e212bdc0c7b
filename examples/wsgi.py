"""The example host app for a WSGI server, configured from the environment.

    LMS_BASE_URL=https://lms.example.edu gunicorn -w 2 --threads 8 --chdir examples wsgi:app
    python examples/wsgi.py --port 0     # werkzeug's threaded server; prints "listening on PORT"

Every ``LMS_*`` variable (and ``MAX_CONTENT_LENGTH``, ``SECRET_KEY``) becomes an ``app.config``
key; a value that reads as JSON (``0.3``, ``true``, ``{"socket_timeout": 1}``) is taken as that
value, any other as a string. For several workers sharing one token store::

    LMS_TOKEN_CACHE_TYPE=RedisCache LMS_TOKEN_CACHE_REDIS_URL=redis://127.0.0.1:6379/0

and for background jobs on Redis, the same variables for gunicorn and the worker::

    SECRET_KEY=... LMS_JOBS_REDIS_URL=redis://127.0.0.1:6379/1 flask --app wsgi lms worker
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from host_app import create_app


def config_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """``LMS_*``, ``MAX_CONTENT_LENGTH`` and ``SECRET_KEY`` variables as config values."""
    config = {}
    for key, raw in environ.items():
        if key.startswith("LMS_") or key in ("MAX_CONTENT_LENGTH", "SECRET_KEY"):
            try:
                config[key] = json.loads(raw)
            except ValueError:
                config[key] = raw
    return config


app = create_app(config_from_env(os.environ))


def main() -> None:
    from werkzeug.serving import make_server

    parser = argparse.ArgumentParser(description="Serve the example host app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000, help="0: any free port")
    options = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    server = make_server(options.host, options.port, app, threaded=True)
    print(f"listening on {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
