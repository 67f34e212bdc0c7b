"""The ``idnumber`` marks that name what a push made, so a retry finds it, never by title.

Moodle keeps an ``idnumber`` on a course (``course.idnumber``) and on a course module
(``course_modules.idnumber``), 100 characters at most, and finds both by it. Each mark is a
short readable prefix and a hash of what it stands for.
"""

from __future__ import annotations

import hashlib

PREFIX = "lmsexport"
#: Hex characters of the hash kept: the whole mark stays far below Moodle's 100.
_HASH_LENGTH = 40


def course_idnumber(push_key: str) -> str:
    """A course made by the push with this key (a retry of it finds the course)."""
    return f"{PREFIX}-course-{_hash(push_key)}"


def quiz_idnumber(push_key: str, asset_name: str) -> str:
    """A quiz made by one push from one asset: a retry finds it; a new push makes another."""
    return f"{PREFIX}-quiz-{_hash(push_key, asset_name)}"


def page_idnumber(host_course_id: str, asset_name: str) -> str:
    """A page of one host course's asset: the same on every push, so it replaces itself."""
    return f"{PREFIX}-page-{_hash(host_course_id, asset_name)}"


def _hash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:_HASH_LENGTH]
