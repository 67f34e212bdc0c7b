"""Modules and their items (context_modules_api_controller.rb,
context_module_items_api_controller.rb) and assignment groups (assignment_groups_controller.rb
#index, assignment_groups_api_controller.rb#create)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from .api import Request, Route, not_found, paginate, reply
from .courses import managed_course
from .pages import find as find_page
from .params import to_boolean

if TYPE_CHECKING:
    from .double import CanvasDouble

_INTERNAL = frozenset({"course_id", "items"})


def _module_json(module: dict[str, Any]) -> dict[str, Any]:
    """lib/api/v1/context_module.rb#module_json: ``published`` for a teacher, the items' count."""
    return {**{key: value for key, value in module.items() if key not in _INTERNAL},
            "items_count": len(module["items"])}


def _message(status: int, text: str) -> LMSResponse:
    """These controllers answer their own refusals as ``{"message": ...}``."""
    return reply(status, {"message": text})


def _list_modules(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    found = [_module_json(m) for m in canvas.modules.values() if m["course_id"] == course["id"]]
    return paginate(request, found, with_last=canvas.pagination_last)


def _create_module(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """POST .../modules: ``module[name]`` required (400 ``missing module name``); a module
    made through the API starts unpublished (``workflow_state = "unpublished"``)."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    fields = request.params.get("module")
    if not isinstance(fields, dict):
        return _message(400, "missing module parameter")
    if not str(fields.get("name") or "").strip():
        return _message(400, "missing module name")
    module_id = canvas.next_id()
    position = 1 + sum(1 for m in canvas.modules.values() if m["course_id"] == course["id"])
    canvas.modules[module_id] = {
        "id": module_id, "course_id": course["id"], "name": str(fields["name"]),
        "position": position, "published": False, "workflow_state": "unpublished",
        "items_url": f"{request.base_url}/api/v1/courses/{course['id']}/modules/{module_id}"
                     "/items", "items": []}
    return reply(200, _module_json(canvas.modules[module_id]))


def _module_in(canvas: CanvasDouble, request: Request, course_id: str,
               module_id: str) -> dict[str, Any] | LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    module = canvas.modules.get(int(module_id))
    if module is None or module["course_id"] != course["id"]:
        return not_found()
    return module


def _update_module(canvas: CanvasDouble, request: Request, course_id: str,
                   module_id: str) -> LMSResponse:
    """PUT .../modules/:id: ``module[published]`` publishes the module and, unless
    ``skip_content_tags``, its items (publish_items!)."""
    module = _module_in(canvas, request, course_id, module_id)
    if isinstance(module, LMSResponse):
        return module
    fields = request.params.get("module")
    if not isinstance(fields, dict):
        return _message(400, "missing module parameter")
    if "name" in fields:
        module["name"] = str(fields["name"])
    if "published" in fields:
        published = to_boolean(fields["published"])
        module["published"] = published
        module["workflow_state"] = "active" if published else "unpublished"
        if not to_boolean(fields.get("skip_content_tags", False)):
            for item in module["items"]:
                item["published"] = published
    return reply(200, _module_json(module))


def _list_items(canvas: CanvasDouble, request: Request, course_id: str,
                module_id: str) -> LMSResponse:
    module = _module_in(canvas, request, course_id, module_id)
    if isinstance(module, LMSResponse):
        return module
    return paginate(request, module["items"], with_last=canvas.pagination_last)


def _content(canvas: CanvasDouble, course_id: int, fields: dict[str, Any]
             ) -> tuple[dict[str, Any], str] | LMSResponse:
    """What a new item links to and its title: ``module_item[content_id]`` of a quiz or an
    assignment (a New Quiz is one), ``module_item[page_url]`` of a page (400 when missing or
    unknown); 400 ``Could not find content`` for an id the course does not hold."""
    kind = fields.get("type")
    if kind in ("Page", "WikiPage"):
        url = fields.get("page_url")
        if not url:
            return _message(400, "missing page_url parameter")
        page = find_page(canvas, course_id, str(url))
        if page is None:
            return _message(400, "invalid page_url parameter")
        return {"page_url": page["url"], "content_id": page["page_id"]}, page["title"]
    content_id = _int(fields.get("content_id"))
    if kind == "Quiz":
        quiz = canvas.quizzes.get(content_id)
        if quiz is not None and quiz["course_id"] == course_id:
            return {"content_id": content_id}, quiz["title"]
    elif kind == "Assignment":
        assignment = canvas.new_quizzes.get(content_id)
        if assignment is not None and assignment["course_id"] == course_id:
            return {"content_id": content_id}, assignment["title"]
    return _message(400, "Could not find content")


def _create_item(canvas: CanvasDouble, request: Request, course_id: str,
                 module_id: str) -> LMSResponse:
    """POST .../modules/:id/items: ``module_item[type]`` and its content; the title defaults
    to the content's; a new item goes last."""
    module = _module_in(canvas, request, course_id, module_id)
    if isinstance(module, LMSResponse):
        return module
    fields = request.params.get("module_item")
    if not isinstance(fields, dict):
        return _message(400, "missing module item parameter")
    content = _content(canvas, module["course_id"], fields)
    if isinstance(content, LMSResponse):
        return content
    link, title = content
    item = {"id": canvas.next_id(), "module_id": module["id"],
            "position": len(module["items"]) + 1, "title": fields.get("title") or title,
            "indent": 0, "type": fields["type"], **link, "published": module["published"]}
    module["items"].append(item)
    return reply(200, item)


def _list_groups(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    found = [group for group in canvas.assignment_groups.values()
             if group["course_id"] == course["id"]]
    return paginate(request, [{k: v for k, v in g.items() if k != "course_id"} for g in found],
                    with_last=canvas.pagination_last)


def _create_group(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """POST .../assignment_groups: top-level ``name`` (as canvasapi sends it), added last."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    group_id = canvas.next_id()
    position = 1 + sum(1 for g in canvas.assignment_groups.values()
                       if g["course_id"] == course["id"])
    group = {"id": group_id, "course_id": course["id"],
             "name": str(request.params.get("name") or "Assignments"), "position": position,
             "group_weight": 0, "rules": {}}
    canvas.assignment_groups[group_id] = group
    return reply(200, {k: v for k, v in group.items() if k != "course_id"})


def group_of(canvas: CanvasDouble, course_id: int, value: Any) -> int | None:
    """An ``assignment_group_id`` a quiz or assignment may take: a group of its course, else
    none (quiz.rb and assignment.rb look it up in the course and ignore a stranger's)."""
    group = canvas.assignment_groups.get(_int(value))
    return group["id"] if group is not None and group["course_id"] == course_id else None


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


_MODULE = r"/api/v1/courses/(\d+)/modules/(\d+)"
ROUTES: list[Route] = [
    ("GET", r"/api/v1/courses/(\d+)/modules", _list_modules),
    ("POST", r"/api/v1/courses/(\d+)/modules", _create_module),
    ("PUT", _MODULE, _update_module),
    ("GET", _MODULE + "/items", _list_items),
    ("POST", _MODULE + "/items", _create_item),
    ("GET", r"/api/v1/courses/(\d+)/assignment_groups", _list_groups),
    ("POST", r"/api/v1/courses/(\d+)/assignment_groups", _create_group),
]
