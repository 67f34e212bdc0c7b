"""The course a push goes into: the teacher's own, or one created in ``LMS_CANVAS_ACCOUNT_ID``."""

from __future__ import annotations

from collections.abc import Callable

from ...transport import path_segment
from ..base import Push
from .api import CanvasAPI, as_id, field_of
from .ledger import COURSE, Ledger, announced


def course_for(api: CanvasAPI, push: Push, account_id: str, ledger: Ledger,
               tick: Callable[[], None]) -> str:
    """``lms_course_id`` when given; else the course this push created (by the ledger), or a
    new one: ``POST /api/v1/accounts/:id/courses`` with ``enroll_me`` (courses_controller.rb
    #create enrolls the caller as teacher) and ``offer`` to make it available when publishing."""
    if push.lms_course_id:
        return push.lms_course_id
    landed = ledger.landed(COURSE)
    if landed is not None:
        return landed
    name = push.course_name or "Course"
    if ledger.record(COURSE) is not None:  # an earlier run's create may have landed unanswered
        found = _newest_named(api, push.token, name)
        if found is not None:
            ledger.write(COURSE, "landed", found)
            return found
    answer = announced(ledger, COURSE, lambda: api.call(
        "POST", f"/api/v1/accounts/{path_segment(account_id)}/courses", push.token,
        body={"course": {"name": name}, "enroll_me": True, "offer": push.publish}))
    course_id = field_of(answer, "id", "course")
    ledger.write(COURSE, "landed", course_id)
    tick()
    return course_id


def _newest_named(api: CanvasAPI, token: str, name: str) -> str | None:
    """The newest course the teacher teaches named ``name`` (Canvas ids only grow)."""
    ids = [int(as_id(course.get("id"), "course id")) for course in api.items("/api/v1/courses",
                                                                            token)
           if isinstance(course, dict) and course.get("name") == name]
    return str(max(ids)) if ids else None
