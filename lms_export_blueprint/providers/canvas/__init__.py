"""The Canvas LMS REST API as a provider (contract section 9).

One module per job: ``identity`` (login), ``courses``, ``classic`` and ``new_quizzes`` (the two
quiz engines, built by ``quizzes``), ``pages``, ``ledger`` (what landed, for retries),
``pacing`` (the throttle's budget), ``errors`` (how Canvas's failures read), ``api`` (calls and
pagination) and ``tokens`` (what OAuth2 provides).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ...errors import (
    ConfigMissing,
    LMSError,
    LMSExportError,
    StoreUnavailable,
    UnsupportedQuestionType,
)
from ...formats.content import holds_question_set, load_question_set
from ..base import LMSCourseResult, LMSLogin, Push
from . import classic, identity, new_quizzes
from .api import CanvasAPI
from .courses import course_for
from .ledger import COURSE, Ledger, PageMarks, asset_key
from .limits import check_classic_questions, fitted_quiz
from .pages import put_page
from .quizzes import build_quiz
from .run import Run

if TYPE_CHECKING:
    from ...state import AppState

ENGINES = {"classic": classic, "new": new_quizzes}

E = TypeVar("E", bound=LMSExportError)


class CanvasProvider:
    """Access-token login, courses, quizzes of either engine, pages; a ledger for retries."""

    name = "canvas"

    def __init__(self, state: AppState) -> None:
        self.config = state.config
        self.api = CanvasAPI(state.config, state.client.transport, lambda: state.oauth)
        self._cache = state.tokens.cache
        self.engine = ENGINES[state.config.canvas_quiz_engine]

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        return identity.sign_in(self.api, credentials)

    def validate_token(self, token: str) -> bool:
        return identity.validate_token(self.api, token)

    def user_info(self, token: str) -> dict[str, Any]:
        return identity.user_info(self.api, token)

    def check(self, push: Push) -> None:
        """A course to go into, and a question type the engine takes, or a 422 now."""
        if not push.lms_course_id and not self.config.canvas_account_id:
            raise ConfigMissing("LMS_CANVAS_ACCOUNT_ID",
                                "Canvas creates a new course only in a configured account")
        for asset in push.assets:
            if not holds_question_set(asset):
                continue
            for question in load_question_set(asset).questions:
                if type(question) not in self.engine.SUPPORTED:
                    raise UnsupportedQuestionType(str(asset.get("asset_name")), question.type,
                                                  self.config.canvas_quiz_engine)
            if self.engine is classic:
                check_classic_questions(asset)

    def send(self, push: Push) -> LMSCourseResult:
        """The course, then each asset in order; a failure says what landed (contract sec. 9)."""
        ledger = Ledger(self._cache, push.scoped_key)
        run = Run(self.api, push, ledger, PageMarks(self._cache, self.config.root or ""),
                  _counter(push, self._planned(push, ledger)))
        names = [str(asset.get("asset_name")) for asset in push.assets]
        landed: list[str] = []
        try:
            course_id = course_for(run, self.config.canvas_account_id or "")
        except (LMSError, StoreUnavailable) as exc:
            raise _failed(exc, run, names, landed, failed=None) from None
        for asset, name in zip(push.assets, names, strict=True):
            try:
                landed.append(ledger.landed(asset_key(name)) or self._put(run, course_id, asset))
            except (LMSError, StoreUnavailable) as exc:
                exc.detail = f"{exc.detail} (asset '{name}')"
                raise _failed(exc, run, names, landed, failed=name) from None
        return LMSCourseResult(course_id, list(landed))

    def _put(self, run: Run, course_id: str, asset: Mapping[str, Any]) -> str:
        name = str(asset.get("asset_name"))
        if holds_question_set(asset):
            plan = fitted_quiz(run, self.engine.plan(course_id, asset, run.push.publish), name)
            return build_quiz(run, plan, asset_key(name))
        return put_page(run, course_id, asset, asset_key(name))

    def requests_planned(self, push: Push) -> int:
        """A question, a quiz, a publish, a page each: a queued job's total, before it runs."""
        return self._planned(push, Ledger(self._cache, push.scoped_key))

    def _planned(self, push: Push, ledger: Ledger) -> int:
        """LMS requests the push will make, known before the first: ``progress``'s total (a
        course to check or create, each listing looked at once, each create and question)."""
        total = 1 if push.lms_course_id or not ledger.landed(COURSE) else 0
        listings: set[str] = set()
        for asset in push.assets:
            key = asset_key(str(asset.get("asset_name")))
            if ledger.landed(key) is not None:
                continue
            if holds_question_set(asset):
                total += self.engine.plan("0", asset, push.publish).requests_left(
                    ledger.record(key))
                if push.lms_course_id:
                    listings.add("quizzes")
            else:
                total += 1
                if push.lms_course_id or ledger.record(key):
                    listings.add("pages")
        return total + len(listings)


def _counter(push: Push, total: int) -> Callable[[], None]:
    done = 0
    if push.progress is not None:
        push.progress(0, total)

    def tick() -> None:
        nonlocal done
        done = min(done + 1, total)
        if push.progress is not None:
            push.progress(done, total)
    return tick


def _failed(exc: E, run: Run, names: list[str], landed: list[str], failed: str | None) -> E:
    """``exc`` with ``data.exported_assets``: each asset ``success`` (with its id), the one
    that failed ``failed``, the rest ``skipped``; ``not_cleaned``: half-built quizzes left for
    the retry; ``warnings``: what the push found on the way."""
    statuses: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        if index < len(landed):
            statuses.append({"asset_name": name, "lms_content_id": landed[index],
                             "status": "success"})
        else:
            statuses.append({"asset_name": name, "lms_content_id": None,
                             "status": "failed" if name == failed and index == len(landed)
                             else "skipped"})
    exc.data = {"exported_assets": statuses}
    if run.leftovers:
        exc.data["not_cleaned"] = [{"asset_name": failed, "lms_content_id": quiz_id}
                                   for quiz_id in run.leftovers]
    if run.push.warnings:
        exc.data["warnings"] = run.push.warnings.messages()
    return exc
