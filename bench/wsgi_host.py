"""gunicorn entry: the example host app with the bench courses, LMS at $LMS_BASE_URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from flask import Flask

sys.path.insert(0, str(Path(__file__).parents[1] / "examples"))

from host_app import COURSES, create_app

from bench.content import bench_courses


def make_host_app(lms_base_url: str, **config: Any) -> Flask:
    COURSES.update(bench_courses())
    return create_app({"LMS_BASE_URL": lms_base_url, **config})


app = make_host_app(os.environ["LMS_BASE_URL"]) if "LMS_BASE_URL" in os.environ else None
