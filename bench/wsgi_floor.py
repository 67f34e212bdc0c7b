"""gunicorn entry: the floor, a one-route Flask app that does one pooled POST of ready bytes.

The least any web app can cost for a push: no auth, no loading, no validation, no formatting,
no JSON work; the body is the exact bytes the extension sends for the same push, made at import.
"""

from __future__ import annotations

import os

import requests
from flask import Flask, Response, request
from requests.adapters import HTTPAdapter

from bench.content import BENCH_COURSE, lms_body_bytes

LMS_COURSES_URL = os.environ["LMS_BASE_URL"].rstrip("/") + "/api/v1/courses"
PAYLOAD = lms_body_bytes(os.environ.get("BENCH_COURSE", BENCH_COURSE))

session = requests.Session()
session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=32, max_retries=0))

app = Flask(__name__)


@app.post("/floor")
def floor() -> Response:
    answer = session.post(LMS_COURSES_URL, data=PAYLOAD, timeout=30, headers={
        "Content-Type": "application/json",
        "Authorization": "Bearer " + request.headers["X-LMS-Token"]})
    return Response(answer.content, status=answer.status_code, mimetype="application/json")
