"""Fixtures for the Canvas double's own tests: the teacher's session and a course (the double and
the teacher come from tests/conftest.py)."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture
def api(canvas, teacher):
    """A requests session speaking to the double as the teacher; paths are relative to /api."""

    class Api(requests.Session):
        def request(self, method, url, *args, **kwargs):  # type: ignore[override]
            return super().request(method, canvas.base_url + url, *args, **kwargs)

    session = Api()
    session.headers["Authorization"] = f"Bearer {teacher}"
    return session


@pytest.fixture
def course_id(canvas, teacher) -> int:
    return canvas.add_course("Biology", teacher=teacher)
