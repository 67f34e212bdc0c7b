"""The module a push's items go into: the push's ``module``, found by name among the course's
modules or created, and each pushed item added to it in asset order.

Modules API (context_modules_api_controller.rb): ``GET``/``POST /courses/:id/modules``
(``module[name]``; a module made so starts unpublished) and ``PUT .../modules/:id`` with
``module[published]``. Module items (context_module_items_api_controller.rb#create):
``module_item[type]`` ``Quiz`` with ``content_id`` the quiz id, ``Assignment`` for a New Quiz
(its id is its assignment's), ``Page`` with ``page_url``. The module's published state follows
``publish`` when the push made it; a teacher's module keeps its own. Each item is recorded in
the ledger as it is added, and an item the module already holds is not added again: a retry
adds nothing twice.
"""

from __future__ import annotations

from typing import Any

from ...errors import LMSCourseNotFound
from ...transport import path_segment
from ..ledger import announced
from .api import as_id, field_of
from .creating import create_looking
from .run import Run

#: The ledger's record of the module (with ``created``: whether this push made it).
MODULE = "module"

#: ``(asset name, module_item[type], content id or page url)`` of each pushed item.
Placed = tuple[str, str, str]


def module_item_key(asset_name: str) -> str:
    return f"module_item:{asset_name}"


def requests_planned(assets: int, publish: bool) -> int:
    """The modules listed, the module made, one per item, its publish: a module found instead
    takes one listing of its items and no publish."""
    return 2 + assets + publish


def place_in_module(run: Run, course_id: str, placed: list[Placed]) -> None:
    """Every item of ``placed`` in the push's module, in order, once."""
    name = run.push.module
    if not name:
        return
    modules = f"/api/v1/courses/{path_segment(course_id)}/modules"
    module_id, created, just_made = _module(run, modules, name)
    items = f"{modules}/{path_segment(module_id)}/items"
    held: list[Any] | None = [] if just_made else None  # empty: no need to list it
    for asset_name, kind, content in placed:
        key = module_item_key(asset_name)
        if run.ledger.landed(key) is None:
            run.ledger.write(key, "landed", _add_item(run, items, kind, content, key, held))
    if created and run.push.publish:
        run.api.call("PUT", f"{modules}/{path_segment(module_id)}", run.token,
                     body={"module": {"published": True}})
        run.tick()


def _module(run: Run, modules: str, name: str) -> tuple[str, bool, bool]:
    """The module's id, whether this push made it, and whether it made it just now."""
    record = run.ledger.record(MODULE)
    if record is not None and record["state"] == "landed":
        return record["id"], bool(record.get("created")), False
    found = _named(run, modules, name, fresh=record is not None)
    if found is not None:
        if found.get("published") is False and run.push.publish:
            run.warn(f"Canvas module '{name}' is unpublished: students see its items only "
                     "once it is published")
        module_id = as_id(found.get("id"), "module id")
        run.ledger.write(MODULE, "landed", module_id, created=False)
        return module_id, False, False

    def send() -> str:
        answer = run.api.call("POST", modules, run.token, body={"module": {"name": name}},
                              once=True, errors={404: LMSCourseNotFound})
        return field_of(answer, "id", "module")

    def look() -> str | None:
        again = _named(run, modules, name, fresh=True)
        return None if again is None else as_id(again.get("id"), "module id")

    module_id = announced(run.ledger, MODULE, lambda: create_looking(
        send, look, run.api.config.retry_attempts))
    run.ledger.write(MODULE, "landed", module_id, created=True)
    run.tick()
    return module_id, True, True


def _add_item(run: Run, items: str, kind: str, content: str, key: str,
              held: list[Any] | None) -> str:
    """The module item for ``content``: the one the module holds (``held``, else its items
    listed once per push), or a new one."""
    holding = _holding(run.listing(items) if held is None else held, kind, content)
    if holding is not None:
        return holding
    link = {"page_url": content} if kind == "Page" else {"content_id": content}

    def send() -> str:
        answer = run.api.call("POST", items, run.token,
                              body={"module_item": {"type": kind, **link}}, once=True)
        return field_of(answer, "id", "module item")

    item_id = announced(run.ledger, key, lambda: create_looking(
        send, lambda: _holding(run.listing(items, fresh=True), kind, content),
        run.api.config.retry_attempts))
    run.tick()
    return item_id


def _holding(listed: list[Any], kind: str, content: str) -> str | None:
    """The id of the listed item that links to ``content``, or None."""
    for item in listed:
        if not isinstance(item, dict) or item.get("type") != kind:
            continue
        linked = item.get("page_url") if kind == "Page" else item.get("content_id")
        if str(linked) == content:
            return as_id(item.get("id"), "module item id")
    return None


def _named(run: Run, modules: str, name: str, *, fresh: bool) -> dict[str, Any] | None:
    """The first of the course's modules named ``name`` (Canvas lists them by position)."""
    return next((module for module in run.listing(modules, fresh=fresh)
                 if isinstance(module, dict) and module.get("name") == name), None)
