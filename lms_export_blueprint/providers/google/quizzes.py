"""A question set as a Forms quiz handed out as a Classroom assignment, in four requests.

``POST /v1/forms`` (the title), one ``batchUpdate`` (quiz settings and every question, "All
the specified updates are made or none of them are"), ``setPublishSettings`` as ``publish``
says, and ``POST /v1/courses/{id}/courseWork`` linking the form. The ledger keeps each step,
so a retry sends only what did not land; a form whose batchUpdate Google refused is deleted
(a form is a Drive file, deleted with Drive's ``files.delete``: the Form resource, forms.v1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from ...errors import LMSError, LMSTimeout, LMSUnavailable
from ...formats.model import QuestionSet
from ...retry import current_deadline, own_budget
from ...warnings import Warnings
from ..ledger import Ledger, announced
from .api import GoogleAPI, field_of, segment
from .questions import FormPlan

#: CourseWork.description: "no more than 30,000 characters" (classroom.v1).
DESCRIPTION_MAX = 30_000
#: Seconds of LMS_DEADLINE the batchUpdate leaves for deleting its form when it fails.
CLEANUP_SECONDS = 5.0


def cleanup_reserve(deadline_seconds: float) -> float:
    return min(CLEANUP_SECONDS, deadline_seconds / 4)


@dataclass(frozen=True)
class Quiz:
    """Where the quiz goes and how: the course, its topic, publish or draft."""

    token: str
    course_id: str
    topic_id: str | None
    publish: bool


def put_quiz(api: GoogleAPI, quiz: Quiz, question_set: QuestionSet, plan: FormPlan,
             ledger: Ledger, key: str, warnings: Warnings, asset: str,
             tick: Callable[[], None], leftovers: list[str]) -> str:
    """The coursework id of the assignment handing out the quiz's form; a half-built form
    that could not be deleted goes into ``leftovers``."""
    record = ledger.record(key) or {}
    if record.get("state") == "pending" and not record.get("form"):
        warnings.add("an earlier attempt may have left an empty Google Form of this title in "
                      "your Drive (Google keeps no mark to find it by)", asset=asset)
    form = record.get("form")
    if not form:
        form = _create_form(api, quiz.token, plan, ledger, key)
        record = ledger.record(key) or {}
        tick()
    if not record.get("built"):
        _build(api, quiz.token, form, plan, ledger, key, leftovers)
        tick()
    publish = quiz.publish
    api.call("POST", "forms", f"/v1/forms/{segment(form['id'])}:setPublishSettings",
             quiz.token, repeat_safe=True, body={"publishSettings": {"publishState": {
                 "isPublished": publish, "isAcceptingResponses": publish}}})
    tick()
    work_id = _hand_out(api, quiz, question_set, plan, form, ledger, key)
    tick()
    return work_id


def _create_form(api: GoogleAPI, token: str, plan: FormPlan, ledger: Ledger,
                 key: str) -> dict[str, str]:
    """forms.create copies only ``info.title`` and ``info.documentTitle``."""
    answer = announced(ledger, key, lambda: api.call(
        "POST", "forms", "/v1/forms", token,
        body={"info": {"title": plan.title, "documentTitle": plan.title}}))
    form = {"id": field_of(answer, "formId", "form"),
            "responder": field_of(answer, "responderUri", "form"),
            "revision": str(answer.body.get("revisionId") or "")}
    ledger.write(key, "building", None, form=form)
    return form


def _build(api: GoogleAPI, token: str, form: dict[str, str], plan: FormPlan, ledger: Ledger,
           key: str, leftovers: list[str]) -> None:
    """The one batchUpdate, tied to the form's first revision (WriteControl
    ``requiredRevisionId``: a batch already applied is refused, never applied twice). A
    refusal deletes the form; no answer leaves it for the retry to look at."""
    body: dict[str, Any] = {"requests": plan.requests}
    if form.get("revision"):
        body["writeControl"] = {"requiredRevisionId": form["revision"]}
    if (ledger.record(key) or {}).get("sent") and _has_items(api, token, form["id"]):
        ledger.write(key, "building", None, form=form, built=True)  # an earlier run's landed
        return
    left = current_deadline(api.config.deadline).remaining() - cleanup_reserve(
        api.config.deadline)
    sent = False
    try:
        if left <= 0:  # no time to build and still clean up: clean up now
            raise LMSTimeout()
        ledger.write(key, "building", None, form=form, sent=True)
        sent = True
        with own_budget(left):
            api.call("POST", "forms", f"/v1/forms/{segment(form['id'])}:batchUpdate", token,
                     body=body)
    except LMSError as exc:
        # Sent and unanswered, it may have landed: the next run looks before sending again.
        if not (sent and isinstance(exc, (LMSTimeout, LMSUnavailable))) and not _deleted(
                api, token, form["id"], ledger, key, exc):
            leftovers.append(form["id"])
        raise
    ledger.write(key, "building", None, form=form, built=True)


def _has_items(api: GoogleAPI, token: str, form_id: str) -> bool:
    held = api.call("GET", "forms", f"/v1/forms/{segment(form_id)}", token).body
    return isinstance(held, dict) and bool(held.get("items"))


def _deleted(api: GoogleAPI, token: str, form_id: str, ledger: Ledger, key: str,
             failure: LMSError) -> bool:
    """Never half-built: the form goes; if it cannot, the ledger keeps it for the retry
    (which builds it then) and the error says so."""
    try:
        api.call("DELETE", "drive", f"/drive/v3/files/{segment(form_id)}", token,
                 needs_body=False)
    except LMSError as cleanup:
        failure.detail = (f"{failure.detail}; the half-built Google Form {form_id} could not "
                          f"be deleted ({cleanup.detail}): a retry with the same "
                          f"Idempotency-Key completes it")
        return False
    ledger.drop(key)
    return True


def _hand_out(api: GoogleAPI, quiz: Quiz, question_set: QuestionSet, plan: FormPlan,
              form: dict[str, str], ledger: Ledger, key: str) -> str:
    """The ASSIGNMENT linking the form: Material.form is read-only, so a ``link`` to the
    responder URI (Classroom upgrades it to a form where it can: Material.link)."""
    record = ledger.record(key) or {}
    if record.get("handing_out"):
        found = _work_linking(api, quiz, form["responder"])
        if found is not None:
            ledger.write(key, "landed", found)
            return found
    ledger.write(key, "building", None, form=form, built=True, handing_out=True)
    answer = api.call("POST", "classroom", f"/v1/courses/{segment(quiz.course_id)}/courseWork",
                      quiz.token, body=course_work(quiz, question_set, plan, form["responder"]))
    work_id = field_of(answer, "id", "course work")
    ledger.write(key, "landed", work_id)
    return work_id


def course_work(quiz: Quiz, question_set: QuestionSet, plan: FormPlan,
                responder: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": plan.title, "workType": "ASSIGNMENT",
        "state": "PUBLISHED" if quiz.publish else "DRAFT", "maxPoints": plan.max_points,
        "materials": [{"link": {"url": responder}}]}
    if plan.description:
        body["description"] = plan.description[:DESCRIPTION_MAX]
    if quiz.topic_id:
        body["topicId"] = quiz.topic_id
    due = question_set.settings.due_at
    if due is not None:  # CourseWork.dueDate/dueTime: "in UTC", set together
        due = due.astimezone(UTC)
        body["dueDate"] = {"year": due.year, "month": due.month, "day": due.day}
        body["dueTime"] = {"hours": due.hour, "minutes": due.minute}
    return body


def _work_linking(api: GoogleAPI, quiz: Quiz, responder: str) -> str | None:
    """The coursework an unanswered create made: the one whose material is this form (ours:
    the form id is this push's own)."""
    def links(work: dict[str, Any]) -> bool:
        return any((material.get("link") or {}).get("url") == responder
                   or (material.get("form") or {}).get("formUrl") == responder
                   for material in work.get("materials", []))
    found = api.items("classroom", f"/v1/courses/{segment(quiz.course_id)}/courseWork",
                      "courseWork", quiz.token,
                      query=[("courseWorkStates", "PUBLISHED"), ("courseWorkStates", "DRAFT")],
                      found=links)
    work_id = next((work.get("id") for work in found if links(work)), None)
    return work_id if isinstance(work_id, str) else None
