"""The Moodle course a push fills: the one named, or one it creates (found again by its mark).

``core_course_get_courses_by_field`` answers only the courses the user may see
(course/externallib.php). The plugin's ``local_lmsexport_create_course`` needs
``moodle/course:create`` in the category and makes the course with its caller enrolled, in one
transaction, as course/edit.php enrols a course's creator (``$CFG->creatornewroleid``, the
site's "Creators' role in new courses", through lib/enrollib.php ``enrol_try_internal_enrol``):
a course creator, who may not enrol anyone, gets the course as its teacher.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...errors import LMSBadResponse, LMSCourseNotFound, LMSRateLimited, LMSTimeout, LMSUnavailable
from ...formats.html import text_html
from ...formats.moodle_limits import moodle_name
from ...warnings import Warnings
from .api import MoodleAPI
from .marks import course_idnumber

FIND = "core_course_get_courses_by_field"
CREATE = "local_lmsexport_create_course"

#: Requests to make a course: look it up, then create it with its teacher enrolled.
CREATE_REQUESTS = 2
#: ``course.fullname`` holds 1333 characters (course/classes/constants.php,
#: ``FULLNAME_MAXIMUM_LENGTH``); a short name 255, and ours stay far below.
_FULLNAME_LENGTH = 1333
#: Characters of the name kept in the short name, before the mark's own part.
_SHORTNAME_NAME_LENGTH = 80


def course_for(api: MoodleAPI, token: str, *, lms_course_id: str | None, push_key: str,
               name: str | None, description: str | None, tick: Callable[[], None],
               warnings: Warnings) -> str:
    """The course id: the one named (404 when the user cannot see it), or the course this
    push's key made, or a new one with the user enrolled."""
    if lms_course_id:
        found = find(api, token, "id", lms_course_id)
        tick()
        if found is None:
            raise LMSCourseNotFound()
        return found
    mark = course_idnumber(push_key)
    course_id = find(api, token, "idnumber", mark)
    tick()
    if course_id is None:
        course_id = _create(api, token, mark, name or "Course", description, warnings)
    tick()
    return course_id


def find(api: MoodleAPI, token: str, field: str, value: str) -> str | None:
    """The id of the course whose ``field`` is ``value``, when the user may see it."""
    answer = api.function(FIND, token, {"field": field, "value": value}, repeat_safe=True)
    courses = answer.get("courses") if isinstance(answer, Mapping) else None
    if not isinstance(courses, list):
        raise LMSBadResponse("the Moodle course list had no courses")
    return _course_id(courses[0]) if courses else None


def _create(api: MoodleAPI, token: str, mark: str, name: str, description: str | None,
            warnings: Warnings) -> str:
    """A new course in ``LMS_MOODLE_CATEGORY_ID``, the user enrolled. A create whose answer was
    lost is looked for by its mark before the push fails: it may have landed. The plugin
    answers a course that already holds the mark only to a user enrolled in it (a race with
    another push of the same key), and refuses one of someone else (``courseidnumbertaken``)."""
    fullname = moodle_name(name)  # PARAM_TEXT, as activity names
    if len(fullname) > _FULLNAME_LENGTH:
        fullname = fullname[:_FULLNAME_LENGTH - 1].rstrip() + "…"
        warnings.add(f"the course name was shortened to {_FULLNAME_LENGTH} characters, the "
                     "most a Moodle course's full name holds")
    course: dict[str, Any] = {
        "fullname": fullname,
        # Short names are unique on a site; the mark's start keeps two courses of one name apart.
        "shortname": f"{fullname[:_SHORTNAME_NAME_LENGTH]} ({mark.rsplit('-', 1)[1][:8]})",
        "categoryid": api.settings["category_id"],
        "idnumber": mark,
    }
    if description:
        course["summary"] = text_html(description)
        course["summaryformat"] = 1  # FORMAT_HTML
    try:
        answer = api.function(CREATE, token, course)
    except (LMSTimeout, LMSUnavailable, LMSRateLimited):
        landed = find(api, token, "idnumber", mark)
        if landed is None:
            raise
        return landed
    return _course_id(answer)


def _course_id(course: Any) -> str:
    value = course.get("id") if isinstance(course, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or str(value) == "":
        raise LMSBadResponse("a Moodle course answer had no id")
    return str(value)
