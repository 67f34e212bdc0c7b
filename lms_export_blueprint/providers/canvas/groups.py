"""The assignment group a push's quizzes go into: the push's ``assignment_group``, found by
name among the course's groups or created, once per push.

``GET /api/v1/courses/:id/assignment_groups`` (assignment_groups_controller.rb#index) and
``POST`` there with a top-level ``name`` (assignment_groups_api_controller.rb#create). A classic
quiz takes ``quiz[assignment_group_id]`` in its create (quizzes_api_controller.rb#create); a New
Quiz is an assignment, whose group the Assignments API sets (``assignment[assignment_group_id]``,
assignments_api_controller.rb#update) in the same ``PUT`` that publishes it.
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import LMSCourseNotFound
from ...transport import path_segment
from ..ledger import announced
from .api import as_id, field_of
from .creating import create_looking
from .quizzes import QuizPlan
from .run import Run

#: The ledger's record of the group this push put its quizzes in.
GROUP = "assignment_group"


def assignment_group(run: Run, course_id: str) -> str | None:
    """The id of the group the push names (found or created), or None when it names none."""
    name = run.push.assignment_group
    if not name:
        return None
    landed = run.ledger.landed(GROUP)
    if landed is not None:
        return landed
    groups = f"/api/v1/courses/{path_segment(course_id)}/assignment_groups"
    found = _named(run, groups, name, fresh=run.ledger.record(GROUP) is not None)
    if found is None:
        def send() -> str:
            answer = run.api.call("POST", groups, run.token, body={"name": name}, once=True,
                                  errors={404: LMSCourseNotFound})
            return field_of(answer, "id", "assignment group")

        found = announced(run.ledger, GROUP, lambda: create_looking(
            send, lambda: _named(run, groups, name, fresh=True),
            run.api.config.retry_attempts))
        run.tick()
    run.ledger.write(GROUP, "landed", found)
    return found


def in_group(plan: QuizPlan, group_id: str) -> QuizPlan:
    """``plan`` with its quiz in the group: in the create (classic) or in the finishing
    ``PUT`` of the assignment (New Quizzes, whose create is not known to take it)."""
    if plan.finish_in is None:
        quiz = {**plan.create_body["quiz"], "assignment_group_id": int(group_id)}
        return replace(plan, create_body={**plan.create_body, "quiz": quiz})
    assignment = {**(plan.finish or {}).get("assignment", {}),
                  "assignment_group_id": int(group_id)}
    return replace(plan, finish={"assignment": assignment})


def _named(run: Run, groups: str, name: str, *, fresh: bool) -> str | None:
    """The first of the course's groups named ``name`` (Canvas lists them by position)."""
    for group in run.listing(groups, fresh=fresh):
        if isinstance(group, dict) and group.get("name") == name:
            return as_id(group.get("id"), "assignment group id")
    return None
