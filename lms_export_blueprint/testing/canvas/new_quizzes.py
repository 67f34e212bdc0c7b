"""New Quizzes under /api/quiz/v1: quizzes addressed by their assignment id, and their items;
and that assignment under /api/v1, where a New Quiz is published.

Shapes from the Canvas developer docs "New Quizzes" and "New Quiz Items" (appendix: question
types); ids are strings there. "Create a new quiz" lists no published field: a quiz starts
unpublished, as an assignment created through the API does (assignments_api_controller.rb
``create``). The Assignments API's "Edit an assignment" publishes it: lib/api/v1/assignment.rb
sets any assignment's workflow_state from ``assignment[published]``, quiz_lti ones too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from .api import Request, Route, error, not_found, paginate, reply
from .courses import managed_course
from .modules import group_of
from .params import to_boolean

if TYPE_CHECKING:
    from .double import CanvasDouble

#: "item[entry][interaction_type_slug]": the question types the items API can create.
INTERACTION_TYPES = frozenset({
    "multi-answer", "matching", "categorization", "file-upload", "formula", "ordering",
    "rich-fill-blank", "hot-spot", "choice", "numeric", "true-false", "essay"})


def _choices_shape(entry: dict[str, Any]) -> str | None:
    choices = entry["interaction_data"].get("choices")
    if not isinstance(choices, list) or not choices:
        return "interaction_data.choices must be a list of choices"
    if any(not isinstance(c, dict) or "id" not in c for c in choices):
        return "each of interaction_data.choices needs an id"
    ids = {c["id"] for c in choices}
    value = entry["scoring_data"].get("value")
    wanted = value if isinstance(value, list) else [value]
    if not wanted or any(v not in ids for v in wanted):
        return "scoring_data.value must name choices by their id"
    return None


def _true_false_shape(entry: dict[str, Any]) -> str | None:
    value = entry["scoring_data"].get("value")
    if not isinstance(value, bool) and str(value).lower() not in {"true", "false"}:
        return "scoring_data.value must be true or false"
    return None


def _numeric_shape(entry: dict[str, Any]) -> str | None:
    value = entry["scoring_data"].get("value")
    kinds = {"exactResponse", "marginOfError", "withinARange", "preciseResponse"}
    if not isinstance(value, list) or not value or any(
            not isinstance(v, dict) or v.get("type") not in kinds for v in value):
        return f"scoring_data.value must be a list of answers typed one of {sorted(kinds)}"
    return None


def _matching_shape(entry: dict[str, Any]) -> str | None:
    questions = entry["interaction_data"].get("questions")
    value = entry["scoring_data"].get("value")
    if not isinstance(questions, list) or not isinstance(value, dict):
        return "matching needs interaction_data.questions and a scoring_data.value object"
    if {str(q.get("id")) for q in questions} != {str(k) for k in value}:
        return "scoring_data.value must match every question id to an answer"
    return None


_SHAPES: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "choice": _choices_shape, "multi-answer": _choices_shape,
    "true-false": _true_false_shape, "numeric": _numeric_shape, "matching": _matching_shape,
}


def _check_item(item: Any) -> str | None:
    """The first thing wrong with ``item`` (the create item parameters), or None."""
    if not isinstance(item, dict) or item.get("entry_type") != "Item":
        return "item[entry_type] must be Item"
    entry = item.get("entry")
    if not isinstance(entry, dict) or not entry.get("item_body"):
        return "item[entry][item_body] is required"
    slug = entry.get("interaction_type_slug")
    if slug not in INTERACTION_TYPES:
        return f"item[entry][interaction_type_slug] must be one of {sorted(INTERACTION_TYPES)}"
    for name in ("interaction_data", "scoring_data"):
        if not isinstance(entry.get(name), dict):
            return f"item[entry][{name}] is required"
    if not entry.get("scoring_algorithm"):
        return "item[entry][scoring_algorithm] is required"
    shape = _SHAPES.get(slug)
    return shape(entry) if shape else None


def _quiz_in(canvas: CanvasDouble, request: Request, course_id: str,
             assignment_id: str) -> dict[str, Any] | LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    quiz = canvas.new_quizzes.get(int(assignment_id))
    if quiz is None or quiz["course_id"] != course["id"]:
        return not_found()
    return quiz


def _quiz_json(quiz: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in quiz.items() if k not in {"items", "course_id"}}


def _create(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """POST /api/quiz/v1/courses/:id/quizzes: ``quiz[title]``, ``quiz[instructions]``..."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    fields = request.params.get("quiz")
    fields = fields if isinstance(fields, dict) else {}
    assignment_id = canvas.next_id()
    quiz = {"id": str(assignment_id), "course_id": course["id"],
            "title": fields.get("title") or "Untitled Quiz",
            "instructions": fields.get("instructions") or "",
            "points_possible": 0.0, "published": False,
            "due_at": fields.get("due_at"),
            "quiz_settings": fields.get("quiz_settings") or {}, "items": []}
    canvas.new_quizzes[assignment_id] = quiz
    return reply(200, _quiz_json(quiz))


def _list(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    found = [_quiz_json(q) for q in canvas.new_quizzes.values() if q["course_id"] == course["id"]]
    return paginate(request, found, with_last=canvas.pagination_last)


def _show(canvas: CanvasDouble, request: Request, course_id: str,
          assignment_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    return quiz if isinstance(quiz, LMSResponse) else reply(200, _quiz_json(quiz))


def _delete(canvas: CanvasDouble, request: Request, course_id: str,
            assignment_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    del canvas.new_quizzes[int(assignment_id)]
    return reply(200, _quiz_json(quiz))


def _create_item(canvas: CanvasDouble, request: Request, course_id: str,
                 assignment_id: str) -> LMSResponse:
    """POST .../quizzes/:assignment_id/items: one QuestionItem, checked against its type's shape."""
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    item = request.params.get("item")
    problem = _check_item(item)
    if problem is not None:
        return error(400, problem)
    assert isinstance(item, dict)
    stored = {"id": str(canvas.next_id()), "position": len(quiz["items"]) + 1,
              "points_possible": float(item.get("points_possible") or 1.0),
              "entry_type": "Item", "entry_editable": True, "stimulus_quiz_entry_id": None,
              "status": "mutable", "properties": None, "entry": item["entry"]}
    quiz["items"].append(stored)
    quiz["points_possible"] = sum(i["points_possible"] for i in quiz["items"])
    return reply(200, stored)


def _list_items(canvas: CanvasDouble, request: Request, course_id: str,
                assignment_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    return paginate(request, quiz["items"], with_last=canvas.pagination_last)


def _item_in(quiz: dict[str, Any], item_id: str) -> dict[str, Any] | None:
    return next((i for i in quiz["items"] if i["id"] == item_id), None)


def _show_item(canvas: CanvasDouble, request: Request, course_id: str, assignment_id: str,
               item_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    item = _item_in(quiz, item_id)
    return not_found() if item is None else reply(200, item)


def _update_item(canvas: CanvasDouble, request: Request, course_id: str, assignment_id: str,
                 item_id: str) -> LMSResponse:
    """PATCH .../items/:id: the fields sent replace the item's; the result is checked again."""
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    item = _item_in(quiz, item_id)
    if item is None:
        return not_found()
    sent = request.params.get("item")
    sent = sent if isinstance(sent, dict) else {}
    entry = {**item["entry"], **(sent.get("entry") or {})}
    merged = {"entry_type": "Item", "points_possible": item["points_possible"], **sent,
              "entry": entry}
    problem = _check_item(merged)
    if problem is not None:
        return error(400, problem)
    item["entry"] = entry
    item["points_possible"] = float(merged["points_possible"] or 1.0)
    quiz["points_possible"] = sum(i["points_possible"] for i in quiz["items"])
    return reply(200, item)


def _delete_item(canvas: CanvasDouble, request: Request, course_id: str, assignment_id: str,
                 item_id: str) -> LMSResponse:
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    item = _item_in(quiz, item_id)
    if item is None:
        return not_found()
    quiz["items"].remove(item)
    quiz["points_possible"] = sum(i["points_possible"] for i in quiz["items"])
    return reply(200, item)


def _assignment_json(quiz: dict[str, Any]) -> dict[str, Any]:
    """The Assignment a New Quiz is: integer ids under /api/v1, an external tool submission
    (the quiz_lti tool)."""
    return {"id": int(quiz["id"]), "course_id": quiz["course_id"], "name": quiz["title"],
            "points_possible": quiz["points_possible"], "published": quiz["published"],
            "assignment_group_id": quiz.get("assignment_group_id"),
            "submission_types": ["external_tool"]}


def _update_assignment(canvas: CanvasDouble, request: Request, course_id: str,
                       assignment_id: str) -> LMSResponse:
    """PUT /api/v1/courses/:id/assignments/:id: ``assignment[published]`` sets the New Quiz's
    published state (value_to_boolean), ``assignment[assignment_group_id]`` its group (one of
    the course's: assignments_api_controller.rb#update); other fields are not kept."""
    quiz = _quiz_in(canvas, request, course_id, assignment_id)
    if isinstance(quiz, LMSResponse):
        return quiz
    fields = request.params.get("assignment")
    fields = fields if isinstance(fields, dict) else {}
    if "published" in fields:
        quiz["published"] = to_boolean(fields["published"])
    if "assignment_group_id" in fields:
        quiz["assignment_group_id"] = group_of(canvas, quiz["course_id"],
                                               fields["assignment_group_id"])
    return reply(200, _assignment_json(quiz))


_QUIZ = r"/api/quiz/v1/courses/(\d+)/quizzes/(\d+)"
ROUTES: list[Route] = [
    ("GET", r"/api/quiz/v1/courses/(\d+)/quizzes", _list),
    ("POST", r"/api/quiz/v1/courses/(\d+)/quizzes", _create),
    ("GET", _QUIZ, _show),
    ("DELETE", _QUIZ, _delete),
    ("GET", _QUIZ + "/items", _list_items),
    ("POST", _QUIZ + "/items", _create_item),
    ("GET", _QUIZ + r"/items/(\d+)", _show_item),
    ("PATCH", _QUIZ + r"/items/(\d+)", _update_item),
    ("DELETE", _QUIZ + r"/items/(\d+)", _delete_item),
    ("PUT", r"/api/v1/courses/(\d+)/assignments/(\d+)", _update_assignment),
]
