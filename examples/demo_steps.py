"""What every demo does the same way, whatever the LMS: serve the host app on 127.0.0.1, then
log in and push as its frontend would."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests
from flask import Flask
from werkzeug.serving import make_server

HOST_TOKEN = "demo-teacher-token"
ASSETS = ["photosynthesis-quiz", "term-paper", "lesson-notes"]


@contextmanager
def serving(app: Flask, port: int) -> Iterator[str]:
    """The host app on 127.0.0.1:``port`` (0: any free port) in a thread; its URL."""
    host = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{host.server_port}"
    finally:
        host.shutdown()


def login_and_push(host_url: str, login_body: Mapping[str, str],
                   **push_fields: Any) -> dict[str, Any]:
    """What the frontend does: log in to the LMS with ``login_body``, then push the sample
    course's assets (``push_fields`` join the push body); the push's 200 body."""
    bearer = {"Authorization": f"Bearer {HOST_TOKEN}"}
    login = requests.post(f"{host_url}/api/login-lms", json=dict(login_body), headers=bearer,
                          timeout=30)
    login.raise_for_status()
    print(f"POST /api/login-lms -> {login.status_code}: logged in as "
          f"{login.json()['data']['user']['name']}")
    push = requests.post(f"{host_url}/api/courses/bio-101/push-to-lms",
                         json={"asset_names": ASSETS, "publish": True, **push_fields},
                         headers={**bearer, "X-LMS-Token": login.json()["data"]["token"]},
                         timeout=60)
    print(f"POST /api/courses/bio-101/push-to-lms -> {push.status_code}")
    print(json.dumps(push.json(), indent=2))
    push.raise_for_status()
    return push.json()  # type: ignore[no-any-return]
