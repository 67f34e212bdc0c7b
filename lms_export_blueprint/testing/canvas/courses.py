"""Users, accounts and courses (users_controller.rb, courses_controller.rb)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from .api import Request, Route, not_found, not_permitted, paginate, reply
from .params import to_boolean

if TYPE_CHECKING:
    from .double import CanvasDouble

_PUBLIC_COURSE_FIELDS = ("id", "name", "course_code", "workflow_state", "account_id",
                         "default_view", "is_public")


def create(canvas: CanvasDouble, account_id: int, fields: dict[str, Any],
           teacher: int | None) -> dict[str, Any]:
    """A new, unpublished course (``workflow_state`` "unpublished" until ``event=offer``)."""
    course_id = canvas.next_id()
    name = str(fields.get("name") or "Unnamed Course")
    course = {"id": course_id, "name": name,
              "course_code": str(fields.get("course_code") or name),
              "workflow_state": "unpublished", "account_id": account_id,
              "default_view": fields.get("default_view") or "modules", "is_public": False,
              "teachers": {teacher} if teacher else set()}
    canvas.courses[course_id] = course
    canvas.pages[course_id] = []
    return course


def _course_json(course: dict[str, Any]) -> dict[str, Any]:
    return {key: course[key] for key in _PUBLIC_COURSE_FIELDS}


def managed_course(canvas: CanvasDouble, request: Request,
                   course_id: str) -> dict[str, Any] | LMSResponse:
    """The course if the user teaches it or administers its account; else 404 or 401."""
    course = canvas.courses.get(int(course_id))
    if course is None:
        return not_found()
    user_id = request.user["id"] if request.user else None
    account = canvas.accounts[course["account_id"]]
    if user_id not in course["teachers"] and user_id not in account["admins"]:
        return not_permitted()
    return course


_USER_JSON = ("id", "name", "sortable_name", "short_name")
_PROFILE_JSON = ("id", "name", "short_name", "sortable_name", "login_id", "primary_email")


def _self(canvas: CanvasDouble, request: Request) -> LMSResponse:
    """GET /api/v1/users/self (users_controller.rb#api_show, lib/api/v1/user.rb#user_json):
    no ``primary_email``; ``login_id`` only to a user with an account membership
    (``user_json_is_admin?``)."""
    user = request.user
    assert user is not None
    shown = {key: user[key] for key in _USER_JSON}
    if any(user["id"] in account["admins"] for account in canvas.accounts.values()):
        shown["login_id"] = user["login_id"]
    return reply(200, shown)


def _profile(canvas: CanvasDouble, request: Request) -> LMSResponse:
    """GET /api/v1/users/self/profile (profile_controller.rb#settings,
    lib/api/v1/user_profile.rb#user_profile_json): ``primary_email`` for the user themself."""
    assert request.user is not None
    profile = {key: request.user[key] for key in _PROFILE_JSON}
    return reply(200, {**profile, "title": None, "bio": None, "time_zone": "Etc/UTC",
                       "locale": None})


def _show_account(canvas: CanvasDouble, request: Request, account_id: str) -> LMSResponse:
    """GET /api/v1/accounts/:id: for its admins (accounts_controller.rb#show)."""
    account = canvas.accounts.get(int(account_id))
    if account is None:
        return not_found()
    assert request.user is not None
    if request.user["id"] not in account["admins"]:
        return not_permitted()
    return reply(200, {"id": account["id"], "name": account["name"]})


def _create_course(canvas: CanvasDouble, request: Request, account_id: str) -> LMSResponse:
    """POST /api/v1/accounts/:account_id/courses: account admins only; ``enroll_me`` enrolls
    the caller as teacher (courses_controller.rb#create)."""
    account = canvas.accounts.get(int(account_id))
    if account is None:
        return not_found()
    assert request.user is not None
    if request.user["id"] not in account["admins"]:
        return not_permitted()
    fields = request.params.get("course")
    fields = fields if isinstance(fields, dict) else {}
    teacher = request.user["id"] if to_boolean(request.params.get("enroll_me")) else None
    course = create(canvas, account["id"], fields, teacher)
    if to_boolean(request.params.get("offer")):
        course["workflow_state"] = "available"
    return reply(200, _course_json(course))


def _show_course(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    return course if isinstance(course, LMSResponse) else reply(200, _course_json(course))


def _update_course(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """PUT /api/v1/courses/:id: ``course[name]``, ``course[event]`` offer/claim."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    fields = request.params.get("course")
    fields = fields if isinstance(fields, dict) else {}
    for key in ("name", "course_code", "default_view"):
        if key in fields:
            course[key] = fields[key]
    event = fields.get("event")
    if event in {"offer", "claim"}:
        course["workflow_state"] = "available" if event == "offer" else "claimed"
    return reply(200, _course_json(course))


def _list_courses(canvas: CanvasDouble, request: Request) -> LMSResponse:
    """GET /api/v1/courses: the courses the user teaches, paginated."""
    assert request.user is not None
    mine = [_course_json(c) for c in canvas.courses.values()
            if request.user["id"] in c["teachers"]]
    return paginate(request, mine, with_last=canvas.pagination_last)


ROUTES: list[Route] = [
    ("GET", r"/api/v1/users/self", _self),
    ("GET", r"/api/v1/users/self/profile", _profile),
    ("GET", r"/api/v1/accounts/(\d+)", _show_account),
    ("POST", r"/api/v1/accounts/(\d+)/courses", _create_course),
    ("GET", r"/api/v1/courses", _list_courses),
    ("GET", r"/api/v1/courses/(\d+)", _show_course),
    ("PUT", r"/api/v1/courses/(\d+)", _update_course),
]
