"""Fixtures for the Canvas double's own tests: a teacher who administers the default account."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture
def canvas(fake_canvas):
    return fake_canvas


@pytest.fixture
def teacher(canvas) -> str:
    """A token of a teacher who may create courses in the default account."""
    return canvas.add_user("Ada Teacher", email="ada@example.edu", admin_of=[canvas.account_id])


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
