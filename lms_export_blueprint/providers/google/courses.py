"""The Classroom course a push goes into, and the topic its items are filed under."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import LMSBadResponse, LMSCourseNotFound, LMSError, LMSForbidden
from ..base import Push
from ..ledger import COURSE, Ledger
from .api import GoogleAPI, field_of, segment

#: Course.description: "no longer than 30,000 characters" (classroom.v1).
DESCRIPTION_MAX = 30_000
#: Course.name: "between 1 and 750 characters".
NAME_MAX = 750
#: Topic.name: "no longer than 100 characters".
TOPIC_MAX = 100


class AlreadyExists(LMSError):
    """409 ALREADY_EXISTS: a course of this alias, or a topic of this name, exists."""

    status = 409


def course_for(api: GoogleAPI, push: Push, ledger: Ledger, tick: Callable[[], None]) -> str:
    """``lms_course_id`` when Google knows it (else 404 before anything is made); or the
    course this push made (the ledger), or a new one."""
    if push.lms_course_id:
        answer = api.call("GET", "classroom", f"/v1/courses/{segment(push.lms_course_id)}",
                          push.token, errors={404: LMSCourseNotFound})
        tick()
        return field_of(answer, "id", "course")
    landed = ledger.landed(COURSE)
    if landed is not None:
        return landed
    course_id = _create(api, push, tick)
    ledger.write(COURSE, "landed", course_id)
    return course_id


def alias_of(push: Push) -> str:
    """A project-scoped alias from the push's key: "A random value can also be used to avoid
    duplicate courses in the event of transmission failures, as retrying a request will
    return ALREADY_EXISTS if a previous one has succeeded" (CourseAlias, classroom.v1)."""
    return f"p:lms-export-{push.scoped_key}"


def _create(api: GoogleAPI, push: Push, tick: Callable[[], None]) -> str:
    """courses.create owned by the teacher (``ownerId: "me"``), ACTIVE so students can join;
    a consumer account's ACTIVE create is refused 403 PERMISSION_DENIED (manage-courses
    guide: https://developers.google.com/workspace/classroom/guides/manage-courses), so it
    gets the default PROVISIONED course and a warning."""
    body = {"id": alias_of(push), "name": push.course_name or "Course", "ownerId": "me",
            "courseState": "ACTIVE"}
    description = push.course_description or ""
    if len(description) > DESCRIPTION_MAX:
        push.warnings.add(f"course description cut to Google Classroom's {DESCRIPTION_MAX} "
                          f"characters")
        description = description[:DESCRIPTION_MAX]
    if description:
        body["description"] = description
    try:
        try:
            answer = api.call("POST", "classroom", "/v1/courses", push.token, body=body,
                              errors={409: AlreadyExists})
        except LMSForbidden:
            del body["courseState"]
            answer = api.call("POST", "classroom", "/v1/courses", push.token, body=body,
                              errors={409: AlreadyExists})
            push.warnings.add("the new Google Classroom course is PROVISIONED, not ACTIVE: "
                              "this account cannot create active courses (a personal Google "
                              "account); accept the class in Classroom before students join")
    except AlreadyExists:  # an earlier attempt made it, unanswered
        answer = api.call("GET", "classroom", f"/v1/courses/{segment(body['id'])}",
                          push.token)
    tick()
    return field_of(answer, "id", "course")


def topic_for(api: GoogleAPI, token: str, course_id: str, module: str,
              tick: Callable[[], None]) -> str:
    """The topic named ``module``, found or created (Topic.name is trimmed and its spaces
    collapsed by Classroom, so the name is compared that way)."""
    name = " ".join(module.split())
    path = f"/v1/courses/{segment(course_id)}/topics"
    found = _named_topic(api, token, path, name)
    tick()
    if found is not None:
        return found
    try:
        answer = api.call("POST", "classroom", path, token, body={"name": name},
                          errors={409: AlreadyExists})
    except AlreadyExists:  # made meanwhile, by another push or the teacher
        found = _named_topic(api, token, path, name)
        if found is None:
            raise LMSBadResponse(f"Google said the topic '{name[:100]}' exists but does not "
                                 f"list it") from None
        return found
    tick()
    return field_of(answer, "topicId", "topic")


def _named_topic(api: GoogleAPI, token: str, path: str, name: str) -> str | None:
    topics = api.items("classroom", path, "topic", token,
                       found=lambda topic: topic.get("name") == name)
    topic_id = next((topic.get("topicId") for topic in topics if topic.get("name") == name),
                    None)
    return topic_id if isinstance(topic_id, str) and topic_id else None


def check_names(push: Push) -> list[tuple[str, str]]:
    """What Classroom would refuse in the push's own names: ``(field, why)``."""
    refused = []
    if not push.lms_course_id and len(push.course_name or "Course") > NAME_MAX:
        refused.append(("course_name", f"longer than Google Classroom's {NAME_MAX} characters"))
    if push.module is not None:
        name = " ".join(push.module.split())
        if not name or len(name) > TOPIC_MAX:
            refused.append(("module", f"a Google Classroom topic name is 1 to {TOPIC_MAX} "
                                      f"characters"))
    return refused
