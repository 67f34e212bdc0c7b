"""Classroom endpoints: the user's profile, courses, course work, course work materials, topics.

Rules from Google's Classroom reference (classroom.v1) and guides, cited where used; field
limits live in ``rules``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from . import rules
from .api import GoogleError, Request, Route, denied, empty, not_found, page, reply

if TYPE_CHECKING:
    from .double import GoogleDouble

CLASSROOM_WEB = "https://classroom.google.com"


def user_profile(double: GoogleDouble, request: Request, user_id: str) -> LMSResponse:
    """userProfiles.get: ``me`` is the caller; ``emailAddress`` only with the
    ``classroom.profile.emails`` scope (UserProfile.emailAddress); another user's profile,
    or none, is PERMISSION_DENIED."""
    assert request.user is not None
    if user_id not in ("me", request.user_id, request.user["emailAddress"]):
        raise denied()
    profile = {key: request.user[key] for key in ("id", "name", "verifiedTeacher")}
    if "https://www.googleapis.com/auth/classroom.profile.emails" in request.scopes:
        profile["emailAddress"] = request.user["emailAddress"]
    return reply(200, profile)


def create_course(double: GoogleDouble, request: Request) -> LMSResponse:
    """courses.create: a non-admin may only own the course themself; PROVISIONED unless
    asked otherwise; a consumer account cannot make an ACTIVE course (403), per
    https://developers.google.com/workspace/classroom/guides/manage-courses."""
    body = request.json()
    rules.course(body)
    assert request.user is not None
    if body["ownerId"] not in ("me", request.user_id, request.user["emailAddress"]):
        raise denied("A non-admin user can only create a course with themselves as the owner")
    alias = _new_alias(double, body.get("id"))
    state = body.get("courseState") or "PROVISIONED"
    if state not in ("ACTIVE", "PROVISIONED"):
        raise rules.invalid("courseState must be ACTIVE or PROVISIONED when creating")
    if state == "ACTIVE" and request.user["consumer"]:
        raise denied("@UserCannotCreateActiveCourse Consumer accounts cannot create ACTIVE "
                     "courses")
    course_id = double.new_numeric_id()
    course = {**{k: v for k, v in body.items() if k in ("name", "section", "description",
                                                          "descriptionHeading", "room")},
              "id": course_id, "ownerId": request.user_id, "courseState": state,
              "alternateLink": f"{CLASSROOM_WEB}/c/{course_id}",
              "creationTime": double.timestamp(), "updateTime": double.timestamp()}
    double.courses[course_id] = {"course": course, "teachers": {request.user_id}}
    if alias is not None:
        double.aliases[alias] = course_id
    double.course_work[course_id] = {}
    double.materials[course_id] = {}
    double.topics[course_id] = {}
    return reply(200, course)


def get_course(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    return reply(200, _course(double, request, course_id)["course"])


def list_courses(double: GoogleDouble, request: Request) -> LMSResponse:
    mine = [entry["course"] for entry in double.courses.values()
            if request.user_id in entry["teachers"]]
    return page(request, mine, "courses")


def create_course_work(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    """courses.courseWork.create; a link to a form the caller may see is upgraded to a
    ``form`` material (Material.link: "upgraded to a more appropriate type if possible")."""
    _teacher(double, request, course_id)
    body = request.json()
    rules.course_work(body, creating=True)
    _topic_exists(double, course_id, body.get("topicId"))
    work = {**body, "id": double.new_numeric_id(), "courseId": course_id,
            "state": body.get("state") or "DRAFT", "creatorUserId": request.user_id,
            "associatedWithDeveloper": True,
            "creationTime": double.timestamp(), "updateTime": double.timestamp()}
    attached = _attached(double, body, request.user_id)
    if attached:
        work["materials"] = attached
    if work["state"] == "PUBLISHED":
        work["alternateLink"] = f"{CLASSROOM_WEB}/c/{course_id}/a/{work['id']}"
    double.course_work[course_id][work["id"]] = work
    return reply(200, work)


def list_course_work(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    """courseWorkStates: "If unspecified, items with a work status of PUBLISHED is
    returned" (courses.courseWork.list)."""
    _teacher(double, request, course_id)
    states = request.repeated.get("courseWorkStates") or ["PUBLISHED"]
    items = [work for work in reversed(double.course_work[course_id].values())  # newest first
             if work["state"] in states]
    return page(request, items, "courseWork", default_size=20)


def get_course_work(double: GoogleDouble, request: Request, course_id: str,
                    work_id: str) -> LMSResponse:
    _teacher(double, request, course_id)
    work = double.course_work[course_id].get(work_id)
    if work is None:
        raise not_found("course work")
    return reply(200, work)


def delete_course_work(double: GoogleDouble, request: Request, course_id: str,
                       work_id: str) -> LMSResponse:
    _teacher(double, request, course_id)
    if double.course_work[course_id].pop(work_id, None) is None:
        raise not_found("course work")
    return empty()


def create_material(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    """courses.courseWorkMaterials.create: INVALID_ARGUMENT over 20 materials; a Drive file
    the caller cannot see is FAILED_PRECONDITION AttachmentNotVisible."""
    _teacher(double, request, course_id)
    body = request.json()
    rules.text_length(body.get("title"), "title", 1, rules.TITLE_MAX)
    rules.text_length(body.get("description", ""), "description", 0, rules.DESCRIPTION_MAX)
    if body.get("state") not in (None, "PUBLISHED", "DRAFT"):
        raise rules.invalid("state must be PUBLISHED or DRAFT when creating")
    rules.materials(body.get("materials") or [])
    _topic_exists(double, course_id, body.get("topicId"))
    material = {**body, "id": double.new_numeric_id(), "courseId": course_id,
                "state": body.get("state") or "DRAFT", "creatorUserId": request.user_id,
                "materials": _attached(double, body, request.user_id),
                "creationTime": double.timestamp(), "updateTime": double.timestamp()}
    double.materials[course_id][material["id"]] = material
    return reply(200, material)


def list_materials(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    """``materialDriveId`` keeps those holding that Drive file (courseWorkMaterials.list)."""
    _teacher(double, request, course_id)
    states = request.repeated.get("courseWorkMaterialStates") or ["PUBLISHED"]
    items = [material for material in reversed(double.materials[course_id].values())
             if material["state"] in states]
    drive_id = request.query.get("materialDriveId")
    if drive_id:
        items = [item for item in items if any(
            (material.get("driveFile") or {}).get("driveFile", {}).get("id") == drive_id
            for material in item.get("materials", []))]
    return page(request, items, "courseWorkMaterial", default_size=20)


def get_material(double: GoogleDouble, request: Request, course_id: str,
                 material_id: str) -> LMSResponse:
    _teacher(double, request, course_id)
    material = double.materials[course_id].get(material_id)
    if material is None:
        raise not_found("course work material")
    return reply(200, material)


def delete_material(double: GoogleDouble, request: Request, course_id: str,
                    material_id: str) -> LMSResponse:
    _teacher(double, request, course_id)
    if double.materials[course_id].pop(material_id, None) is None:
        raise not_found("course work material")
    return empty()


def create_topic(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    """courses.topics.create: names are trimmed; a name the course has is ALREADY_EXISTS."""
    _teacher(double, request, course_id)
    name = rules.topic_name(request.json().get("name"))
    if any(topic["name"] == name for topic in double.topics[course_id].values()):
        raise GoogleError(409, "Requested entity already exists")
    topic = {"courseId": course_id, "topicId": double.new_numeric_id(), "name": name,
             "updateTime": double.timestamp()}
    double.topics[course_id][topic["topicId"]] = topic
    return reply(200, topic)


def list_topics(double: GoogleDouble, request: Request, course_id: str) -> LMSResponse:
    _teacher(double, request, course_id)
    return page(request, list(double.topics[course_id].values()), "topic", default_size=20)


def _new_alias(double: GoogleDouble, alias: Any) -> str | None:
    """Course.id on create is an alias (CourseAlias): ``p:`` project-scoped, ``d:``
    domain-scoped (domain admins only), at most 256 characters; "retrying a request will
    return ALREADY_EXISTS if a previous one has succeeded"."""
    if alias is None:
        return None
    if not isinstance(alias, str) or alias[:2] not in ("p:", "d:") or not 2 < len(alias) <= 256:
        raise rules.invalid("The course id of a create must be an alias: p:... or d:...")
    if alias.startswith("d:"):
        raise denied("Only a domain administrator can create a domain-scoped alias")
    if alias in double.aliases:
        raise GoogleError(409, "Requested entity already exists")
    return alias


def _course(double: GoogleDouble, request: Request, course_id: str) -> dict[str, Any]:
    """NOT_FOUND for a course that does not exist; PERMISSION_DENIED for one the caller may
    not see (courses.get). ``course_id`` may be an alias."""
    entry = double.courses.get(double.aliases.get(course_id, course_id))
    if entry is None:
        raise not_found("course")
    if request.user_id not in entry["teachers"]:
        raise denied()
    return entry


def _teacher(double: GoogleDouble, request: Request, course_id: str) -> None:
    _course(double, request, course_id)
    if course_id in double.aliases:
        raise rules.invalid("This double serves aliases only on courses.get")


def _topic_exists(double: GoogleDouble, course_id: str, topic_id: str | None) -> None:
    if topic_id is not None and topic_id not in double.topics[course_id]:
        raise rules.invalid("topicId must match an existing topic in the course")


def _attached(double: GoogleDouble, body: dict[str, Any], user_id: str) -> list[dict[str, Any]]:
    """The materials as Classroom stores them: links to a known form become ``form``."""
    attached = []
    for material in body.get("materials") or []:
        link = material.get("link")
        form = double.form_at(link["url"]) if link else None
        if form is not None:
            attached.append({"form": {"formUrl": form["responderUri"],
                                      "title": form["info"].get("title", "")}})
            continue
        drive = (material.get("driveFile") or {}).get("driveFile")
        if drive is not None:
            file = double.files.get(drive["id"])
            if file is None or file["owner"] != user_id:
                raise GoogleError(400, "@AttachmentNotVisible", status="FAILED_PRECONDITION",
                                  reason="failedPrecondition")
            material = {"driveFile": {**material["driveFile"], "driveFile": {
                "id": drive["id"], "title": file["name"],
                "alternateLink": f"https://docs.google.com/document/d/{drive['id']}/edit"}}}
        attached.append(material)
    return attached


#: (method, path, discovery method id, endpoint)
ROUTES: list[Route] = [
    ("GET", r"/v1/userProfiles/([^/]+)", "classroom.userProfiles.get", user_profile),
    ("POST", r"/v1/courses", "classroom.courses.create", create_course),
    ("GET", r"/v1/courses", "classroom.courses.list", list_courses),
    ("GET", r"/v1/courses/([^/]+)", "classroom.courses.get", get_course),
    ("POST", r"/v1/courses/([^/]+)/courseWork", "classroom.courses.courseWork.create",
     create_course_work),
    ("GET", r"/v1/courses/([^/]+)/courseWork", "classroom.courses.courseWork.list",
     list_course_work),
    ("GET", r"/v1/courses/([^/]+)/courseWork/([^/]+)", "classroom.courses.courseWork.get",
     get_course_work),
    ("DELETE", r"/v1/courses/([^/]+)/courseWork/([^/]+)",
     "classroom.courses.courseWork.delete", delete_course_work),
    ("POST", r"/v1/courses/([^/]+)/courseWorkMaterials",
     "classroom.courses.courseWorkMaterials.create", create_material),
    ("GET", r"/v1/courses/([^/]+)/courseWorkMaterials",
     "classroom.courses.courseWorkMaterials.list", list_materials),
    ("GET", r"/v1/courses/([^/]+)/courseWorkMaterials/([^/]+)",
     "classroom.courses.courseWorkMaterials.get", get_material),
    ("DELETE", r"/v1/courses/([^/]+)/courseWorkMaterials/([^/]+)",
     "classroom.courses.courseWorkMaterials.delete", delete_material),
    ("POST", r"/v1/courses/([^/]+)/topics", "classroom.courses.topics.create", create_topic),
    ("GET", r"/v1/courses/([^/]+)/topics", "classroom.courses.topics.list", list_topics),
]
