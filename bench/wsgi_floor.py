"""gunicorn entry: the floor, a one-route Flask app that does one pooled POST of ready bytes.

The least any web app can cost for a push: no auth, no loading, no validation, no formatting,
no JSON work; the body is the exact bytes the extension sends for the same push, made at start.
"""

from __future__ import annotations

import os

import requests
from flask import Flask, Response, request
from requests.adapters import HTTPAdapter

from bench.content import BENCH_COURSE, lms_body_bytes


def make_floor_app(lms_base_url: str, session: requests.Session, course_id: str) -> Flask:
    """The floor for ``course_id``'s push, POSTing through ``session``."""
    courses_url = lms_base_url.rstrip("/") + "/api/v1/courses"
    payload = lms_body_bytes(course_id)
    app = Flask(__name__)

    @app.post("/floor")
    def floor() -> Response:
        answer = session.post(courses_url, data=payload, timeout=30, headers={
            "Content-Type": "application/json",
            "Authorization": "Bearer " + request.headers["X-LMS-Token"]})
        return Response(answer.content, status=answer.status_code, mimetype="application/json")

    return app


def pooled() -> requests.Session:
    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=32, max_retries=0))
    return session


app = (make_floor_app(os.environ["LMS_BASE_URL"], pooled(),
                      os.environ.get("BENCH_COURSE", BENCH_COURSE))
       if "LMS_BASE_URL" in os.environ else None)
