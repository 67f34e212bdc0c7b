"""The Moodle provider's config keys (``LMS_MOODLE_*``), checked at start-up with the rest."""

from __future__ import annotations

from typing import Any

from ...config import Key

PREFIX = "LMS_MOODLE_"


def _shortname(value: Any) -> str | None:
    ok = isinstance(value, str) and value.strip() != ""
    return None if ok else "must be a non-empty string: an external service's shortname"


def _record_id(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "must be an integer greater than 0: a Moodle record id"


KEYS: tuple[Key, ...] = (
    Key("LMS_MOODLE_SERVICE", "lms_export", _shortname,
        "Moodle: shortname of the external service a login asks `login/token.php` for"),
    Key("LMS_MOODLE_CATEGORY_ID", 1, _record_id,
        "Moodle: course category where a push without `lms_course_id` creates its course"),
)
