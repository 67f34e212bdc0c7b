"""The Canvas LMS REST API as a provider (docs/canvas.md).

One module per job: ``identity`` (login), ``courses``, ``classic`` and ``new_quizzes`` (the two
quiz engines, built by ``quizzes``), ``pages``, ``ledger`` (what landed, for retries),
``pacing`` (the throttle's budget), ``errors`` (how Canvas's failures read), ``api`` (calls and
pagination), ``tokens`` (what OAuth2 provides) and ``keys`` (its config keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ...errors import (
    ConfigMissing,
    LMSError,
    StoreUnavailable,
    UnsupportedQuestionType,
)
from ...formats.model import QuestionSet
from ..base import LMSCourseResult, LMSLogin, ProviderContext, ProviderHooks, Push, PushItem
from ..ledger import COURSE, Ledger, asset_key
from ..login import ACCESS_TOKEN_LOGIN, LoginBody
from ..outcome import counter, with_exported_assets
from . import classic, identity, keys, new_quizzes, oauth
from .api import CanvasAPI
from .courses import course_for
from .files import CourseFiles
from .files import requests_planned as upload_requests
from .groups import assignment_group, in_group
from .limits import check_classic_questions, fitted_quiz
from .modules import Placed, place_in_module
from .modules import requests_planned as module_requests
from .page_marks import PageMarks
from .pages import put_page
from .quizzes import build_quiz
from .run import Run

if TYPE_CHECKING:
    from ...config import LMSConfig
    from ...oauth.flow import OAuthFlow
    from ...tokens import TokenStore

ENGINES = {"classic": classic, "new": new_quizzes}



class CanvasProvider(ProviderHooks):
    """Access-token login, courses, quizzes of either engine, pages; a ledger for retries."""

    name: ClassVar[str] = "canvas"
    login_bodies: ClassVar[tuple[LoginBody, ...]] = (ACCESS_TOKEN_LOGIN,)
    login_refusal: ClassVar[str] = identity.NEEDS_TOKEN
    config_prefix: ClassVar[str] = keys.PREFIX
    config_keys = keys.KEYS
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

    @classmethod
    def check_start_up(cls, config: LMSConfig, settings: Mapping[str, Any],
                       app_config: Mapping[str, Any]) -> None:
        """A developer key that could not work fails the start (docs/canvas-oauth.md)."""
        oauth.check_developer_key(settings, config, app_config.get("SECRET_KEY"))

    @classmethod
    def oauth_flow(cls, context: ProviderContext, secret_key: Any,
                   tokens: TokenStore) -> OAuthFlow | None:
        """With a developer key, its flow: ``lms-oauth/start`` and ``lms-oauth/finish``."""
        return oauth.canvas_oauth(context.settings, context.config, secret_key, tokens,
                                  context.transport)

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
            if self.engine is classic:
                check_classic_questions(item.asset_name, item.question_set)

    def send(self, push: Push) -> LMSCourseResult:
        """The course, then each item in order; a failure says what landed (docs/canvas.md)."""
        ledger = Ledger(self._cache, push.scoped_key)
        run = Run(self.api, push, ledger, PageMarks(self._cache, self.config.root or ""),
                  counter(push, self._planned(push, ledger)))
        names = [item.asset_name for item in push.items]
        landed: list[str] = []
        try:
            course_id = course_for(run, self.account_id or "")
        except (LMSError, StoreUnavailable) as exc:
            raise with_exported_assets(exc, run.push, names, landed, None, run.leftovers) from None
        placed: list[Placed] = []
        files = CourseFiles(run, course_id)
        for item, name in zip(push.items, names, strict=True):
            try:
                landed.append(ledger.landed(asset_key(name))
                              or self._put(run, course_id, item, files))
            except (LMSError, StoreUnavailable) as exc:
                exc.detail = f"{exc.detail} (asset '{name}')"
                raise with_exported_assets(exc, run.push, names, landed, name,
                                           run.leftovers) from None
            kind = self.engine.MODULE_ITEM_TYPE if item.question_set is not None else "Page"
            placed.append((name, kind, landed[-1]))
        try:
            place_in_module(run, course_id, placed)
        except (LMSError, StoreUnavailable) as exc:
            exc.detail = f"{exc.detail} (module '{push.module}')"
            raise with_exported_assets(exc, run.push, names, landed, None, run.leftovers) from None
        return LMSCourseResult(course_id, list(landed))

    def _put(self, run: Run, course_id: str, item: PushItem, files: CourseFiles) -> str:
        name = item.asset_name
        content = files.carried(item)
        if isinstance(content, QuestionSet):
            plan = fitted_quiz(run, self.engine.plan(course_id, content, run.push.publish), name)
            group = assignment_group(run, course_id)
            return build_quiz(run, plan if group is None else in_group(plan, group),
                              asset_key(name))
        return put_page(run, course_id, name, content, asset_key(name))

    def requests_planned(self, push: Push) -> int:
        """A question, a quiz, a publish, a page each: a queued job's total, before it runs."""
        return self._planned(push, Ledger(self._cache, push.scoped_key))

    def _planned(self, push: Push, ledger: Ledger) -> int:
        """LMS requests the push will make, known before the first: ``progress``'s total (a
        course to check or create, each listing looked at once, each create and question)."""
        total = 1 if push.lms_course_id or not ledger.landed(COURSE) else 0
        listings: set[str] = set()
        for item in push.items:
            key = asset_key(item.asset_name)
            if ledger.landed(key) is not None:
                continue
            if item.question_set is not None:
                total += self.engine.plan("0", item.question_set, push.publish).requests_left(
                    ledger.record(key))
                if push.lms_course_id:
                    listings.add("quizzes")
            else:
                total += 1
                if push.lms_course_id or ledger.record(key):
                    listings.add("pages")
        if push.module:
            total += module_requests(len(push.items), push.publish)
        total += upload_requests(item.content for item in push.items
                                 if ledger.landed(asset_key(item.asset_name)) is None)
        if push.assignment_group and any(item.question_set for item in push.items):
            total += 2  # the groups listed, the group made
        return total + len(listings)

