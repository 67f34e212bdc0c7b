"""A quiz's questions sent: classic ones several at a time and put in order after, New Quiz
items one at a time.

Canvas stores classic questions in the order they arrive (a sent ``position`` is ignored on
create), so parallel creates shuffle the quiz; one ``POST /courses/:id/quizzes/:id/reorder``
puts it back (quizzes_api_controller.rb#reorder, ``order[][id]`` with
``order[][type]=question``, answered 204). How many go at once is bounded by ``IN_FLIGHT``
and paced by the throttle's budget (pacing.py counts the cost each request in flight reserves).

Each question is recorded in the ledger as it is sent and as it lands (by its position, with
its Canvas id), so a retry sends only what did not land. A question whose answer was lost is
looked for by its label: every question this extension writes is named ``Q<position> ...``
(classic ``question_name``, a New Quiz item's ``entry.title``), and the quiz is the push's own.
Questions a run sent and never heard back from (its worker was killed) may still land: the
retry waits for them, up to ``LMS_TIMEOUT``, before sending them again (:func:`settle`).
"""

from __future__ import annotations

import contextvars
import re
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from ...retry import current_deadline, own_budget
from .api import as_id, field_of
from .creating import create_looking
from .errors import StoppedEarly
from .run import Run

#: Questions sent at once. Canvas's throttle reserves 50 of its 600 units for each request in
#: flight (request_throttle.rb), so about eleven fit; eight leaves room for the costs that
#: land as they finish, and the pacer holds back what would still not fit.
IN_FLIGHT = 8

#: The label every question this extension writes starts with (formats/canvas.py,
#: new_quizzes.py): what tells a landed question's position.
_LABEL = re.compile(r"Q(\d+)(?:\s|$)")

#: Seconds between two looks at the quiz while questions of an earlier run may still land.
SETTLE_POLL = 0.25

#: ``save(landed, in_flight)``: the ledger's record of the quiz's questions, written anew.
Save = Callable[[dict[int, str], list[int]], None]


@dataclass
class QuestionLog:
    """The quiz's questions as the ledger knows them: landed (position -> id) and sent but
    not answered yet; written at each change, from any sending thread."""

    save: Save
    landed: dict[int, str]
    in_flight: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def sent(self, position: int) -> None:
        with self._lock:
            self.in_flight.add(position)
            self._write()

    def answered(self, position: int, question_id: str | None) -> None:
        """``question_id`` None: refused, or no answer to be had (nothing recorded landed)."""
        with self._lock:
            self.in_flight.discard(position)
            if question_id is not None:
                self.landed[position] = question_id
            self._write()

    def _write(self) -> None:
        self.save(dict(self.landed), sorted(self.in_flight))


def settle(run: Run, quiz: str, items_name: str, landed: dict[int, str],
           unsettled: Collection[int], reserve: float) -> None:
    """Wait, up to ``LMS_TIMEOUT`` and within the deadline less ``reserve``, for questions an
    earlier run sent and never heard back from: Canvas may still be making them."""
    waiting = set(unsettled) - set(landed)
    deadline = current_deadline(run.api.config.deadline)
    give_up = time.monotonic() + min(run.api.config.timeout, deadline.remaining() - reserve)
    while waiting and time.monotonic() + SETTLE_POLL < give_up:
        time.sleep(SETTLE_POLL)
        landed.update(landed_questions(run, quiz, items_name))
        waiting -= set(landed)


def landed_questions(run: Run, quiz: str, items_name: str) -> dict[int, str]:
    """Position -> id of the questions the quiz holds, by their labels."""
    found: dict[int, str] = {}
    for listed in run.api.items(f"{quiz}/{items_name}", run.token):
        position = position_of(listed)
        if position is not None and position not in found:
            found[position] = as_id(listed.get("id"), "question id")
    return found


def position_of(listed: Any) -> int | None:
    """The position a listed question's label names, or None for a question not ours."""
    if not isinstance(listed, dict):
        return None
    entry = listed.get("entry")
    name = entry.get("title") if isinstance(entry, dict) else listed.get("question_name")
    match = _LABEL.match(name) if isinstance(name, str) else None
    return int(match.group(1)) if match else None


def add_questions(run: Run, quiz: str, items_name: str, items: list[dict[str, Any]],
                  log: QuestionLog, *, parallel: bool, reserve: float) -> None:
    """Send every item whose position is not in ``log.landed``, which grows as they land.
    ``parallel``: up to ``IN_FLIGHT`` at once, then one reorder puts the quiz in order."""
    todo = [(position, item) for position, item in enumerate(items, start=1)
            if position not in log.landed]
    if not parallel:
        for position, item in todo:
            _add(run, quiz, items_name, item, position, reserve, log)
            run.tick()
        return
    _add_in_parallel(run, quiz, items_name, todo, log, reserve)
    landed = log.landed
    order = [{"id": int(landed[position]), "type": "question"} for position in sorted(landed)]
    run.api.call("POST", f"{quiz}/reorder", run.token, body={"order": order},
                 repeat_safe=True, needs_body=False)
    run.tick()


def _add_in_parallel(run: Run, quiz: str, items_name: str,
                     todo: list[tuple[int, dict[str, Any]]], log: QuestionLog,
                     reserve: float) -> None:
    """Up to ``IN_FLIGHT`` creates at once, each in a copy of this thread's context (its
    deadline); the first failure stops what has not been sent, waits for what is in flight
    (each recorded if it landed), and is raised."""
    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="canvas-question") as pool:
        pending: dict[Future[str], int] = {
            pool.submit(contextvars.copy_context().run, _add, run, quiz, items_name, item,
                        position, reserve, log): position
            for position, item in todo}
        failure: BaseException | None = None
        try:
            for future in as_completed(pending):
                if future.cancelled():
                    continue
                exc = future.exception()
                if exc is None:
                    run.tick()
                elif failure is None:
                    failure = exc
                    _cancel(pending)
        except BaseException:  # a worker stopped (a job killed): send nothing more
            _cancel(pending)
            raise
        if failure is not None:
            raise failure


def _cancel(pending: dict[Future[str], int]) -> None:
    for future in pending:
        future.cancel()


def _add(run: Run, quiz: str, items_name: str, item: dict[str, Any], position: int,
         reserve: float, log: QuestionLog) -> str:
    """One question's id, sent within the deadline less the clean-up's reserve and logged as
    sent, then as landed; after a 503 or a lost answer, sent again only if the quiz holds no
    question labelled ``position``."""
    question_id: str | None = None
    try:
        question_id = _create_question(run, quiz, items_name, item, position, reserve, log)
        return question_id
    finally:
        log.answered(position, question_id)


def _create_question(run: Run, quiz: str, items_name: str, item: dict[str, Any],
                     position: int, reserve: float, log: QuestionLog) -> str:
    def send() -> str:
        left = current_deadline(run.api.config.deadline).remaining() - reserve
        if left <= 0:
            raise StoppedEarly()
        log.sent(position)
        with own_budget(left):
            answer = run.api.call("POST", f"{quiz}/{items_name}", run.token, body=item,
                                  once=True)
        return field_of(answer, "id", "question")

    def look() -> str | None:
        return landed_questions(run, quiz, items_name).get(position)

    return create_looking(send, look, run.api.config.retry_attempts)

