"""The ``fake_lms``, ``live_lms``, ``fake_canvas``, ``live_canvas``, ``fake_google``,
``live_google``, ``fake_moodle`` and ``live_moodle`` fixtures; a host's suite opts in by asking
for one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .canvas.fake import FakeCanvas
    from .canvas.live import LiveCanvas
    from .fake import FakeLMS
    from .google.fake import FakeGoogle
    from .google.live import LiveGoogle
    from .live import LiveLMS
    from .moodle.fake import FakeMoodle
    from .moodle.live import LiveMoodle


@pytest.fixture
def fake_lms() -> Iterator[FakeLMS]:
    """The reference LMS inside ``responses``: ``requests`` calls to its base_url land here,
    calls to any other URL go out as usual."""
    try:
        from .fake import FakeLMS
    except ModuleNotFoundError as exc:  # responses is missing: say which extra, not a traceback
        missing = str(exc)
    else:
        missing = ""
    if missing:
        pytest.fail(missing, pytrace=False)

    with FakeLMS() as lms:
        yield lms


@pytest.fixture
def live_lms() -> Iterator[LiveLMS]:
    """The reference LMS on a real HTTP server at 127.0.0.1 on a free port."""
    from .live import LiveLMS

    with LiveLMS() as lms:
        yield lms


@pytest.fixture
def fake_canvas() -> Iterator[FakeCanvas]:
    """The Canvas double inside ``responses``: every ``requests`` call to base_url lands here."""
    from .canvas.fake import FakeCanvas

    with FakeCanvas() as canvas:
        yield canvas


@pytest.fixture
def live_canvas() -> Iterator[LiveCanvas]:
    """The Canvas double on a real HTTP server at 127.0.0.1 on a free port."""
    from .canvas.live import LiveCanvas

    with LiveCanvas() as canvas:
        yield canvas


@pytest.fixture
def fake_google() -> Iterator[FakeGoogle]:
    """The Google double (Classroom, Forms, Drive, OAuth under one root) inside ``responses``."""
    from .google.fake import FakeGoogle

    with FakeGoogle() as google:
        yield google


@pytest.fixture
def live_google() -> Iterator[LiveGoogle]:
    """The Google double on a real HTTP server at 127.0.0.1 on a free port."""
    from .google.live import LiveGoogle

    with LiveGoogle() as google:
        yield google


@pytest.fixture
def fake_moodle() -> Iterator[FakeMoodle]:
    """The Moodle double (web services and the local_lmsexport plugin) inside ``responses``."""
    from .moodle.fake import FakeMoodle

    with FakeMoodle() as moodle:
        yield moodle


@pytest.fixture
def live_moodle() -> Iterator[LiveMoodle]:
    """The Moodle double on a real HTTP server at 127.0.0.1 on a free port."""
    from .moodle.live import LiveMoodle

    with LiveMoodle() as moodle:
        yield moodle
