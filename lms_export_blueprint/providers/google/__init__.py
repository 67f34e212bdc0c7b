"""Google Classroom, with quizzes as Google Forms, as a provider (docs/google.md).

One module per job: ``identity`` (login), ``courses`` (the course and its topic),
``questions`` (a question set as Forms items, with what Forms cannot hold), ``quizzes`` (the
form, its one batchUpdate, its assignment), ``pages`` (a Doc made from HTML), ``oauth`` (its
OAuth2 client on the shared flow), ``errors`` (how
Google's failures read), ``api`` (calls over the app's transport) and ``keys`` (its config
keys).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ...errors import InvalidAssetData, LMSConfigError, LMSError, RequestInvalid
from ...warnings import Warnings
from ..base import LMSCourseResult, LMSLogin, ProviderContext, ProviderHooks, Push, PushItem
from ..ledger import COURSE, Ledger, asset_key
from ..login import ACCESS_TOKEN_LOGIN, LoginBody
from ..outcome import counter, with_exported_assets
from . import identity, keys
from .api import HOSTS, GoogleAPI
from .courses import check_names, course_for, topic_for
from .oauth import check_google_client, google_oauth
from .pages import Placement, lost_images, put_page
from .questions import TITLE_MAX, FormPlan, plan_form
from .quizzes import DESCRIPTION_MAX, Quiz, put_quiz

if TYPE_CHECKING:
    from ...config import LMSConfig
    from ...oauth.flow import OAuthFlow
    from ...tokens import TokenStore

#: Requests a quiz costs whatever its size: create, batchUpdate, publish, assignment.
QUIZ_REQUESTS = 4
#: Ledger records are the push's own; this prefix keeps Google's apart from Canvas's.
LEDGER_SCOPE = "google:"


class GoogleProvider(ProviderHooks):
    """Access-token login; a course, quizzes as Forms, pages as Docs; a ledger for retries."""

    name: ClassVar[str] = "google"
    login_bodies: ClassVar[tuple[LoginBody, ...]] = (ACCESS_TOKEN_LOGIN,)
    login_refusal: ClassVar[str] = identity.NEEDS_TOKEN
    config_prefix: ClassVar[str] = keys.PREFIX
    config_keys = keys.KEYS
    #: Unset, LMS_BASE_URL means Google's own hosts: there is no mock mode.
    needs_base_url: ClassVar[bool] = False
    #: The retry ledger must outlive a worker: a process-local cache cannot hold it.
    needs_shared_store: ClassVar[bool] = True

    def __init__(self, context: ProviderContext) -> None:
        self.config = context.config
        self.api = GoogleAPI(context.config, context.transport, context.oauth)
        self._cache = context.store

    @classmethod
    def check_start_up(cls, config: LMSConfig, settings: Mapping[str, Any],
                       app_config: Mapping[str, Any]) -> None:
        try:
            check_google_client(config, settings, app_config.get("SECRET_KEY"))
        except RuntimeError as exc:
            raise LMSConfigError(str(exc)) from None

    @classmethod
    def oauth_flow(cls, context: ProviderContext, secret_key: Any,
                   tokens: TokenStore) -> OAuthFlow | None:
        return google_oauth(context.config, context.settings, secret_key, tokens,
                            context.transport)

    def probe_url(self) -> str:
        return f"{self.api.root('classroom')}/v1/userProfiles/me"

    def describe(self) -> dict[str, str]:
        return {"Google hosts": self.config.root if self.config.base_url
                else ", ".join(HOSTS[api] for api in ("classroom", "forms", "drive"))}

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        return identity.sign_in(self.api, credentials)

    def validate_token(self, token: str) -> bool:
        return identity.validate_token(self.api, token)

    def user_info(self, token: str) -> dict[str, Any]:
        return identity.user_info(self.api, token)

    def check(self, push: Push) -> None:
        """What Classroom or Forms would refuse, as a 422 before any call."""
        refused = check_names(push)
        if refused:
            field, why = refused[0]
            raise RequestInvalid(f"Invalid request: {field}: {why}", errors={field: [why]})
        for item in push.items:
            if item.question_set is not None:
                _plan(item)
            elif item.page is not None and len(item.page.title) > TITLE_MAX:
                raise InvalidAssetData(item.asset_name, "title",
                                       f"longer than Google Classroom's {TITLE_MAX} characters")

    def requests_planned(self, push: Push) -> int:
        return self._planned(push, self._ledger(push))

    def send(self, push: Push) -> LMSCourseResult:
        """The course, its topic, then each item in order; a failure says what landed."""
        ledger = self._ledger(push)
        tick = counter(push, self._planned(push, ledger))
        names = [item.asset_name for item in push.items]
        landed: list[str] = []
        leftovers: list[str] = []  # half-built forms that could not be deleted
        try:
            course_id = course_for(self.api, push, ledger, tick)
            topic_id = (topic_for(self.api, push.token, course_id, push.module, tick)
                        if push.module is not None else None)
        except LMSError as exc:
            raise with_exported_assets(exc, push, names, landed, None, leftovers) from None
        for item in push.items:
            try:
                landed.append(ledger.landed(asset_key(item.asset_name)) or self._put(
                    push, course_id, topic_id, item, ledger, tick, leftovers))
            except LMSError as exc:
                exc.detail = f"{exc.detail} (asset '{item.asset_name}')"
                raise with_exported_assets(exc, push, names, landed, item.asset_name,
                                           leftovers) from None
        return LMSCourseResult(course_id, list(landed))

    def _put(self, push: Push, course_id: str, topic_id: str | None, item: PushItem,
             ledger: Ledger, tick: Callable[[], None], leftovers: list[str]) -> str:
        name, key = item.asset_name, asset_key(item.asset_name)
        if item.question_set is not None:
            plan = _plan(item)
            _warn(push.warnings, name, plan, item)
            quiz = Quiz(push.token, course_id, topic_id, push.publish)
            return put_quiz(self.api, quiz, item.question_set, plan, ledger, key,
                            push.warnings, name, tick, leftovers)
        assert item.page is not None
        for source in lost_images(item.page):
            push.warnings.add(f"image '{source[:100]}' not carried: the Google Doc shows only "
                              f"images with a public URL", asset=name)
        place = Placement(push.token, course_id, topic_id, push.publish)
        return put_page(self.api, place, push.host_course_id or "", name, item.page, ledger,
                        key, look_up=bool(push.lms_course_id), tick=tick)

    def _ledger(self, push: Push) -> Ledger:
        return Ledger(self._cache, LEDGER_SCOPE + push.scoped_key)

    def _planned(self, push: Push, ledger: Ledger) -> int:
        """LMS requests the push will make, known before the first: ``progress``'s total."""
        total = 1 if push.lms_course_id or not ledger.landed(COURSE) else 0
        total += 2 if push.module is not None else 0
        for item in push.items:
            if ledger.landed(asset_key(item.asset_name)) is not None:
                continue
            # a page: upload and material; in an existing course, a look for its Doc first
            total += QUIZ_REQUESTS if item.question_set is not None else (
                3 if push.lms_course_id else 2)
        return total


def _plan(item: PushItem) -> FormPlan:
    """The item's form, made once per push (``check`` and ``send`` share it)."""
    plan = item.rendered.get(GoogleProvider.name)
    if plan is None:
        assert item.question_set is not None
        plan = item.rendered[GoogleProvider.name] = plan_form(
            item.asset_name, item.question_set,
            shuffle=bool(item.question_set.settings.shuffle_answers))
    return plan  # type: ignore[no-any-return]


def _warn(warnings: Warnings, asset: str, plan: FormPlan, item: PushItem) -> None:
    """What Forms lost of the set, and the quiz settings Classroom and Forms cannot hold
    (QuizSettings in forms.v1 holds only ``isQuiz``)."""
    for message, question in plan.warnings:
        warnings.add(message, asset=asset, question=question)
    if len(plan.description) > DESCRIPTION_MAX:
        warnings.add(f"instructions cut to Google Classroom's {DESCRIPTION_MAX} characters in "
                     f"the assignment's description", asset=asset)
    assert item.question_set is not None
    settings = item.question_set.settings
    if settings.time_limit_minutes is not None:
        warnings.add("time limit not set: Google Forms has none", asset=asset)
    if settings.allowed_attempts is not None:
        warnings.add("allowed attempts not set: the Forms API cannot limit responses",
                     asset=asset)
    if settings.show_correct_answers is not None:
        warnings.add("showing correct answers not set: the Forms API cannot change it",
                     asset=asset)
