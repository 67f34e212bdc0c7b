"""The course a push goes into: the teacher's own, or one created in ``LMS_CANVAS_ACCOUNT_ID``.

A created course carries the push's mark in ``course_code``: courses_controller.rb#create
takes ``course[course_code]`` from whoever may create the course, and every course answer
returns it (lib/api/v1/course_json.rb BASE_ATTRIBUTES), while ``sis_course_id`` and
``integration_id`` need the SIS permissions a teacher rarely has. A retry adopts a course only
by that mark, never by its name.
"""

from __future__ import annotations

import hashlib

from ...errors import LMSCourseNotFound
from ...transport import path_segment
from ..ledger import COURSE, announced
from .api import as_id, field_of
from .creating import create_looking
from .run import Run

#: ``course_code`` of a course the extension created: this prefix and a hash of the push's key.
MARK_PREFIX = "lms-export-"


def course_mark(scoped_key: str) -> str:
    """The mark of the course a push creates: unique to the push, no secret in it."""
    return MARK_PREFIX + hashlib.sha256(f"course\n{scoped_key}".encode()).hexdigest()[:16]


def course_for(run: Run, account_id: str) -> str:
    """``lms_course_id`` when given (checked to exist before anything is made); else the course
    this push created (by the ledger, or found by its mark after a lost answer), or a new one:
    ``POST /api/v1/accounts/:id/courses`` with ``enroll_me`` (courses_controller.rb#create
    enrolls the caller as teacher) and ``offer`` to make it available when publishing."""
    push, api, ledger = run.push, run.api, run.ledger
    if push.lms_course_id:
        course_id = push.lms_course_id
        api.call("GET", f"/api/v1/courses/{path_segment(course_id)}", run.token,
                 errors={404: LMSCourseNotFound})
        run.tick()
        return course_id
    run.new_course = True
    landed = ledger.landed(COURSE)
    if landed is not None:
        return landed
    mark = course_mark(push.scoped_key)
    if ledger.record(COURSE) is not None:  # an earlier run's create may have landed unanswered
        found = _marked(run, mark)
        if found is not None:
            ledger.write(COURSE, "landed", found)
            return found
    name = push.course_name or "Course"

    def send() -> str:
        answer = api.call(
            "POST", f"/api/v1/accounts/{path_segment(account_id)}/courses", run.token,
            once=True, body={"course": {"name": name, "course_code": mark}, "enroll_me": True,
                             "offer": push.publish})
        return field_of(answer, "id", "course")

    course_id = announced(ledger, COURSE, lambda: create_looking(
        send, lambda: _marked(run, mark), api.config.retry_attempts))
    ledger.write(COURSE, "landed", course_id)
    run.tick()
    return course_id


def _marked(run: Run, mark: str) -> str | None:
    """The course this push created, by its mark among the teacher's courses; a second one
    so marked (two creates landed) is named in the warnings, never deleted."""
    found = sorted((as_id(course.get("id"), "course id")
                    for course in run.listing("/api/v1/courses", fresh=True)
                    if isinstance(course, dict) and course.get("course_code") == mark),
                   key=int)
    for extra in found[1:]:
        run.warn(f"Canvas course {extra} may duplicate course {found[0]}: both were made by "
                 "this push; delete one")
    return found[0] if found else None
