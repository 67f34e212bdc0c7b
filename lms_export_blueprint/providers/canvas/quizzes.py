"""A quiz built whole or not at all: created, filled one question at a time, then published.

Both engines build the same way; classic.py and new_quizzes.py say what to send.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...errors import LMSCourseNotFound, LMSError
from ...retry import operation_deadline
from .api import CanvasAPI, as_id, field_of
from .ledger import Ledger, announced

logger = logging.getLogger(__name__)

#: Seconds a failed quiz's clean-up may take, on its own budget: the push's may be spent.
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

    @property
    def requests(self) -> int:
        return 1 + len(self.items) + (self.finish is not None)

    def requests_left(self, record: dict[str, Any] | None) -> int:
        """Requests still to send after what the ledger's ``record`` says landed."""
        if record is not None and record.get("state") == BUILT:
            return int(self.finish is not None)
        return self.requests

    def finish_path(self, quiz_id: str) -> str:
        return f"{self.finish_in or self.quizzes}/{quiz_id}"


def build_quiz(api: CanvasAPI, token: str, plan: QuizPlan, ledger: Ledger, key: str,
               tick: Callable[[], None]) -> str:
    """The quiz's id once every question landed and, when asked, it is published.

    A question's failure deletes the quiz; a failed publish leaves it whole but unpublished,
    ``built`` in the ledger, so a retry with the same key only publishes it.
    """
    record = ledger.record(key)
    built = record["id"] if record and record["state"] == BUILT else None
    quiz_id = built or _fill(api, token, plan, ledger, key, tick)
    if plan.finish is not None:
        api.call("PUT", plan.finish_path(quiz_id), token, body=plan.finish)
        tick()
    ledger.write(key, "landed", quiz_id)
    return quiz_id


def _fill(api: CanvasAPI, token: str, plan: QuizPlan, ledger: Ledger, key: str,
          tick: Callable[[], None]) -> str:
    """The quiz created and every question added, or deleted again when one fails for good."""
    _clear_leftover(api, token, plan, ledger, key)
    created = announced(ledger, key, lambda: api.call(
        "POST", plan.quizzes, token, body=plan.create_body, errors={404: LMSCourseNotFound}),
        title=plan.title)
    # A New Quiz's id is its assignment id, which lms_content_ids gives (contract section 9).
    quiz_id = field_of(created, "id", "quiz")
    ledger.write(key, "building", quiz_id)
    tick()
    quiz = f"{plan.quizzes}/{quiz_id}"
    try:
        # One at a time: Canvas orders questions by creation (quiz_questions position is
        # ignored on create), so parallel requests would shuffle the quiz.
        for item in plan.items:
            api.call("POST", f"{quiz}/{plan.items_name}", token, body=item)
            tick()
    except LMSError:
        if discard(api, token, quiz):
            ledger.drop(key)
        raise
    ledger.write(key, BUILT, quiz_id)
    return quiz_id


def discard(api: CanvasAPI, token: str, quiz: str) -> bool:
    """Delete a half-built quiz on a budget of its own; True when it is gone. A failure here is
    logged, and the ledger's record (still ``building``) lets the next retry delete it."""
    def delete() -> None:
        with operation_deadline(CLEANUP_SECONDS):
            api.call("DELETE", quiz, token, repeat_safe=True)
    try:
        contextvars.Context().run(delete)  # outside the push's (maybe spent) deadline
    except LMSError as exc:
        logger.warning("A half-built Canvas quiz could not be deleted (%s)", exc.detail)
        return False
    return True


def _clear_leftover(api: CanvasAPI, token: str, plan: QuizPlan, ledger: Ledger,
                    key: str) -> None:
    """A quiz an earlier run began (a worker killed mid-quiz) is deleted before building anew.

    ``building`` names it; ``pending`` means its create may have landed unanswered: the newest
    quiz of that title is it.
    """
    record = ledger.record(key)
    if record is None:
        return
    quiz_id = record.get("id")
    if quiz_id is None:
        same_title = [as_id(quiz.get("id"), "quiz id")
                      for quiz in api.items(plan.quizzes, token)
                      if isinstance(quiz, dict) and quiz.get("title") == record.get("title")]
        quiz_id = max(same_title, key=lambda found: (len(found), found), default=None)
    if quiz_id is not None:
        try:
            api.call("DELETE", f"{plan.quizzes}/{quiz_id}", token, repeat_safe=True)
        except LMSError as exc:  # already gone (404) or not ours to delete: build anew
            logger.info("Leftover Canvas quiz not deleted (%s)", exc.detail)
    ledger.drop(key)
