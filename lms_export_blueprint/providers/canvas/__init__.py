"""The Canvas LMS REST API as a provider (docs/canvas.md).

One module per job: ``identity`` (login), ``courses``, ``classic`` and ``new_quizzes`` (the two
quiz engines, built by ``quizzes``), ``pages``, ``ledger`` (what landed, for retries),
``pacing`` (the throttle's budget), ``errors`` (how Canvas's failures read), ``api`` (calls and
pagination), ``tokens`` (what OAuth2 provides) and ``settings`` (its config keys).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ...errors import ConfigMissing, LMSError, UnsupportedQuestionType
from ..base import LMSCourseResult, LMSLogin, ProviderContext, ProviderHooks, Push, PushItem
from ..login import ACCESS_TOKEN_LOGIN, LoginBody
from . import classic, identity, new_quizzes, settings
from .api import CanvasAPI
from .courses import course_for
from .ledger import COURSE, Ledger, asset_key
from .pages import put_page
from .quizzes import build_quiz

ENGINES = {"classic": classic, "new": new_quizzes}


class CanvasProvider(ProviderHooks):
    """Access-token login, courses, quizzes of either engine, pages; a ledger for retries."""

    name: ClassVar[str] = "canvas"
    login_bodies: ClassVar[tuple[LoginBody, ...]] = (ACCESS_TOKEN_LOGIN,)
    login_refusal: ClassVar[str] = identity.NEEDS_TOKEN
    config_prefix: ClassVar[str] = settings.PREFIX
    config_keys = settings.KEYS
    #: The retry ledger must outlive a worker: a process-local cache cannot hold it.
    needs_shared_store: ClassVar[bool] = True

    def __init__(self, context: ProviderContext) -> None:
        self.config = context.config
        self.quiz_engine: str = context.settings["quiz_engine"]
        account = context.settings["account_id"]
        self.account_id: str | None = None if account is None else str(account).strip()
        self.api = CanvasAPI(context.config, context.transport, context.oauth)
        self._cache = context.store
        self.engine = ENGINES[self.quiz_engine]

    def probe_url(self) -> str:
        return f"{self.config.root}/api/v1/users/self"

    def describe(self) -> dict[str, str]:
        return {"Quiz engine": f"{self.quiz_engine} (LMS_CANVAS_QUIZ_ENGINE)",
                "Account": self.account_id or "(not set: pushes need lms_course_id)"}

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        return identity.sign_in(self.api, credentials)

    def validate_token(self, token: str) -> bool:
        return identity.validate_token(self.api, token)

    def user_info(self, token: str) -> dict[str, Any]:
        return identity.user_info(self.api, token)

    def check(self, push: Push) -> None:
        """A course to go into, and a question type the engine takes, or a 422 now."""
        if not push.lms_course_id and not self.account_id:
            raise ConfigMissing("LMS_CANVAS_ACCOUNT_ID",
                                "Canvas creates a new course only in a configured account")
        for item in push.items:
            if item.question_set is None:
                continue
            for question in item.question_set.questions:
                if type(question) not in self.engine.SUPPORTED:
                    raise UnsupportedQuestionType(
                        item.asset_name, question.type, f"Canvas with the '{self.quiz_engine}' "
                        f"quiz engine (LMS_CANVAS_QUIZ_ENGINE)")

    def send(self, push: Push) -> LMSCourseResult:
        """The course, then each asset in order; a failure says what landed (contract sec. 9)."""
        ledger = Ledger(self._cache, push.scoped_key)
        tick = _counter(push, self._planned(push, ledger))
        names = [item.asset_name for item in push.items]
        landed: list[str] = []
        try:
            course_id = course_for(self.api, push, self.account_id or "", ledger, tick)
        except LMSError as exc:
            raise _failed(exc, names, landed, failed=None) from None
        for item, name in zip(push.items, names, strict=True):
            try:
                landed.append(ledger.landed(asset_key(name))
                              or self._put(push, course_id, item, ledger, tick))
            except LMSError as exc:
                exc.detail = f"{exc.detail} (asset '{name}')"
                raise _failed(exc, names, landed, failed=name) from None
        return LMSCourseResult(course_id, list(landed))

    def _put(self, push: Push, course_id: str, item: PushItem, ledger: Ledger,
             tick: Callable[[], None]) -> str:
        key = asset_key(item.asset_name)
        if item.question_set is not None:
            plan = self.engine.plan(course_id, item.question_set, push.publish)
            return build_quiz(self.api, push.token, plan, ledger, key, tick)
        assert item.page is not None
        return put_page(self.api, push.token, course_id, item.page, push.publish, ledger, key,
                        look_up=bool(push.lms_course_id), tick=tick)

    def requests_planned(self, push: Push) -> int:
        """A question, a quiz, a publish, a page each: a queued job's total, before it runs."""
        return self._planned(push, Ledger(self._cache, push.scoped_key))

    def _planned(self, push: Push, ledger: Ledger) -> int:
        """LMS requests the push will make, known before the first: ``progress``'s total."""
        total = 0 if push.lms_course_id or ledger.landed(COURSE) else 1
        for item in push.items:
            key = asset_key(item.asset_name)
            if ledger.landed(key) is not None:
                continue
            if item.question_set is not None:
                total += self.engine.plan("0", item.question_set, push.publish).requests_left(
                    ledger.record(key))
            else:
                total += 2 if push.lms_course_id or ledger.record(key) else 1
        return total


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


def _failed(exc: LMSError, names: list[str], landed: list[str],
            failed: str | None) -> LMSError:
    """``exc`` with ``data.exported_assets``: each asset ``success`` (with its id), the one
    that failed ``failed``, the rest ``skipped``."""
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
    return exc
