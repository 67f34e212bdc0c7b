"""The ``moodle`` tier's fixtures: one real Moodle per session, a new course per test.

Without ``LMS_TEST_MOODLE_ARCHIVE`` every test here skips with one line saying how to point the
tier at a Moodle download; under ``CI=true`` that is a failure instead (docs/testing.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from host_app import create_app

from .site import MoodleSite, MoodleUser, archive_path, archive_problem, running_moodle


def _skipped_tier() -> str | None:
    """Why the tier is left out: no Moodle download, outside CI (where the fixture fails)."""
    if os.environ.get("CI", "").lower() == "true":
        return None
    return archive_problem()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Without a Moodle download the tier's tests are not collected (one line says why, below)."""
    if collection_path.name.startswith("test_") and _skipped_tier():
        return True
    return None


def pytest_terminal_summary(terminalreporter) -> None:
    reason = _skipped_tier()
    if reason:
        terminalreporter.write_line(f"SKIPPED tests/moodle: {reason}",
                                    yellow=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is in the ``moodle`` tier."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.moodle)


@pytest.fixture(scope="session")
def moodle_plugin_zip(tmp_path_factory) -> Path:
    """The plugin's zip, written by ``flask lms moodle-plugin`` as an administrator would."""
    path = tmp_path_factory.mktemp("moodle-plugin") / "local_lmsexport.zip"
    result = create_app({"TESTING": True}).test_cli_runner().invoke(
        args=["lms", "moodle-plugin", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def moodle_site(moodle_plugin_zip) -> Iterator[MoodleSite]:
    """A real Moodle with the plugin, web services and REST on; stopped after the session."""
    with running_moodle(archive_path(), moodle_plugin_zip) as site:
        yield site


@dataclass(frozen=True)
class MoodleCourse:
    """A fresh course with an editing teacher and a student, each with an ``lms_export`` token
    (the student's also for ``lms_test``, the service that takes quizzes)."""

    id: int
    teacher: MoodleUser
    student: MoodleUser
    teacher_token: str
    student_token: str
    student_test_token: str


@pytest.fixture
def moodle_course(moodle_site) -> MoodleCourse:
    teacher, student = moodle_site.make_users(["teacher", "student"])
    courseid = moodle_site.make_course(teacher=teacher, students=(student,))
    tokens = moodle_site.run_all([
        ("token", {"userid": teacher.id, "service": "lms_export"}),
        ("token", {"userid": student.id, "service": "lms_export"}),
        ("token", {"userid": student.id, "service": "lms_test"})])
    return MoodleCourse(courseid, teacher, student, *tokens)
