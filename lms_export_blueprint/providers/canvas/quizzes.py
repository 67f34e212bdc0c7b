"""A quiz built whole or not at all: created, filled (filling.py), then published.

Both engines build the same way; classic.py and new_quizzes.py say what to send. What a push
owns (docs/failure-behaviour.md): the ledger remembers the quiz's id as soon as Canvas gives it,
and a create whose answer was lost is looked for among the quizzes made after the highest id the
push saw before it (ids only grow), empty; never by its title alone, and never among what the
ledger gives to another asset. A retry finishes the quiz the first run began.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ...errors import LMSCourseNotFound, LMSError
from ...retry import current_deadline, own_budget
from ...transport import path_segment
from ..ledger import announced
from .api import field_of
from .creating import create_looking, made_after
from .filling import QuestionLog, add_questions, landed_questions, settle
from .run import Run

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds of ``LMS_DEADLINE`` kept for deleting a half-built quiz (at most a quarter of it).
CLEANUP_SECONDS = 10.0

#: A quiz whose questions all landed, not yet published: a retry only publishes it.
BUILT = "built"


@dataclass(frozen=True)
class QuizPlan:
    """What one engine sends for one question set."""

    #: The course's quizzes: POST here creates, ``{quizzes}/{id}`` is one quiz.
    quizzes: str
    title: str
    create_body: dict[str, Any]
    #: Under the quiz: ``questions`` (classic) or ``items`` (New Quizzes).
    items_name: str
    items: list[dict[str, Any]]
    #: The body of a last ``PUT`` that publishes the quiz, or None (left unpublished).
    finish: dict[str, Any] | None
    #: Where that ``PUT`` finds the quiz, ``{finish_in}/{id}``: None for the quiz itself
    #: (classic), the course's assignments for a New Quiz.
    finish_in: str | None = None
    #: True: the items go several at a time, then one reorder (filling.py); classic only,
    #: since a New Quiz item's place is not confirmed to follow its sent ``position``.
    parallel: bool = False

    @property
    def requests(self) -> int:
        return 1 + len(self.items) + (self.finish is not None) + self.parallel

    def requests_left(self, record: dict[str, Any] | None) -> int:
        """Requests still to send after what the ledger's ``record`` says landed."""
        if record is not None and record.get("state") == BUILT:
            return int(self.finish is not None)
        if record is not None and record.get("id") is not None:
            return self.requests - 1 - len(record.get("questions") or {})
        return self.requests

    def finish_path(self, quiz_id: str) -> str:
        return f"{self.finish_in or self.quizzes}/{path_segment(quiz_id)}"


def cleanup_reserve(deadline_seconds: float) -> float:
    """The part of ``LMS_DEADLINE`` a quiz's questions leave for deleting it."""
    return min(CLEANUP_SECONDS, deadline_seconds / 4)


def build_quiz(run: Run, plan: QuizPlan, key: str) -> str:
    """The quiz's id once every question landed and, when asked, it is published.

    A question's failure deletes the quiz; a failed publish leaves it whole but unpublished,
    ``built`` in the ledger, so a retry with the same key only publishes it.
    """
    record = run.ledger.record(key)
    built = record["id"] if record and record["state"] == BUILT else None
    quiz_id = built or _fill(run, plan, key)
    if plan.finish is not None:
        run.api.call("PUT", plan.finish_path(quiz_id), run.token, body=plan.finish)
        run.tick()
    run.ledger.write(key, "landed", quiz_id)
    return quiz_id


def _fill(run: Run, plan: QuizPlan, key: str) -> str:
    """The quiz created (or the one an earlier run began) and every question added, each
    recorded as it lands; deleted again when one fails for good."""
    quiz_id, landed, unsettled = _begun(run, plan, key)
    if quiz_id is None:
        quiz_id, landed, unsettled = _create(run, plan, key), {}, []
    quiz = f"{plan.quizzes}/{path_segment(quiz_id)}"
    reserve = cleanup_reserve(run.api.config.deadline)

    def save(questions: dict[int, str], in_flight: list[int]) -> None:
        run.ledger.write(key, "building", quiz_id, in_flight=in_flight, questions={
            str(position): found for position, found in sorted(questions.items())})

    log = QuestionLog(save, landed)
    save(landed, [])
    try:
        settle(run, quiz, plan.items_name, landed, unsettled, reserve)
        add_questions(run, quiz, plan.items_name, plan.items, log, parallel=plan.parallel,
                      reserve=reserve)
    except LMSError as exc:
        if _discard(run, quiz):
            run.ledger.drop(key)
        else:
            run.leftovers.append(quiz_id)
            exc.detail = (f"{exc.detail}; the half-built quiz {quiz_id} could not be deleted: "
                          "a retry with the same Idempotency-Key finishes it")
        raise
    run.ledger.write(key, BUILT, quiz_id)
    return quiz_id


def _create(run: Run, plan: QuizPlan, key: str) -> str:
    """A new quiz; its record carries the floor a retry looks above."""
    after = run.floor(plan.quizzes, "id")

    def send() -> str:
        answer = run.api.call("POST", plan.quizzes, run.token, body=plan.create_body,
                              once=True, errors={404: LMSCourseNotFound})
        # A New Quiz's id is its assignment id, which lms_content_ids gives (docs/canvas.md).
        return field_of(answer, "id", "quiz")

    quiz_id = announced(run.ledger, key, lambda: create_looking(
        send, lambda: _made_unanswered(run, plan, after), run.api.config.retry_attempts),
        title=plan.title, after=after)
    run.tick()
    return quiz_id


def _begun(run: Run, plan: QuizPlan,
           key: str) -> tuple[str | None, dict[int, str], list[int]]:
    """The quiz an earlier run of this push began, the questions it holds (position -> id)
    and those that run sent without hearing back, or ``(None, {}, [])``: ``building`` names
    it; ``pending`` means its create may have landed unanswered, so it is looked for above
    the floor the record kept."""
    record = run.ledger.record(key)
    if record is None:
        return None, {}, []
    quiz_id = record.get("id")
    if quiz_id is None and record.get("after") is not None:
        quiz_id = _made_unanswered(run, plan, int(record["after"]))
    if quiz_id is None:
        run.ledger.drop(key)
        return None, {}, []
    recorded = {int(position): str(found)
                for position, found in (record.get("questions") or {}).items()}
    try:
        listed = landed_questions(run, f"{plan.quizzes}/{path_segment(quiz_id)}",
                                  plan.items_name)
    except LMSError as exc:
        if exc.status != 404:
            raise
        run.ledger.drop(key)  # deleted since: build anew
        return None, {}, []
    return quiz_id, {**recorded, **listed}, [int(p) for p in record.get("in_flight") or []]


def _made_unanswered(run: Run, plan: QuizPlan, after: int) -> str | None:
    """The one empty quiz titled ``plan.title`` made after ``after`` that no other record of
    this push holds; when there are several, none is taken and a warning names them."""
    taken = run.ledger.ids()
    found = [quiz_id for quiz_id in made_after(run.listing(plan.quizzes, fresh=True), after,
                                               "id", taken, plan.title)
             if _count(run, f"{plan.quizzes}/{path_segment(quiz_id)}", plan) == 0]
    if len(found) > 1:
        run.warn(f"Canvas quizzes {', '.join(found)} titled '{plan.title}' may be left from an "
                 "unanswered create: none was taken over; delete the empty ones")
        return None
    return found[0] if found else None


def _count(run: Run, quiz: str, plan: QuizPlan) -> int:
    return sum(1 for _ in run.api.items(f"{quiz}/{plan.items_name}", run.token))


def _discard(run: Run, quiz: str) -> bool:
    """Delete a half-built quiz in what is left of the deadline (the reserve the questions
    left); True when it is gone. A failure is logged, and the ledger's record (``building``)
    lets the next retry finish the quiz."""
    left = current_deadline(run.api.config.deadline).remaining()
    try:
        _within(max(left, 0.0), lambda: run.api.call("DELETE", quiz, run.token,
                                                     repeat_safe=True))
    except LMSError as exc:
        logger.warning("A half-built Canvas quiz could not be deleted (%s)", exc.detail)
        return False
    return True


def _within(seconds: float, call: Callable[[], T]) -> T:
    """``call()`` on a budget of ``seconds``, whatever deadline encloses it."""
    with own_budget(seconds):
        return call()
