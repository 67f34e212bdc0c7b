"""Google Classroom, with quizzes as Google Forms, as a provider (docs/google.md).

One module per job: ``identity`` (login), ``courses`` (the course and its topic),
``questions`` (a question set as Forms items, with what Forms cannot hold), ``quizzes`` (the
form, its one batchUpdate, its assignment), ``pages`` (a Doc made from HTML), ``errors``
(how Google's failures read) and ``api`` (calls over the app's transport).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ...errors import InvalidAssetData, LMSError, RequestInvalid
from ...formats.content import holds_question_set, load_page, load_question_set
from ...formats.model import QuestionSet
from ...warnings import Warnings
from ..base import LMSCourseResult, LMSLogin, Push
from ..canvas.ledger import COURSE, Ledger, asset_key
from . import identity
from .api import GoogleAPI
from .courses import check_names, course_for, topic_for
from .outcome import counter, failed
from .pages import Placement, lost_images, put_page
from .questions import TITLE_MAX, FormPlan, plan_form
from .quizzes import DESCRIPTION_MAX, Quiz, put_quiz

if TYPE_CHECKING:
    from ...state import AppState

#: Requests a quiz costs whatever its size: create, batchUpdate, publish, assignment.
QUIZ_REQUESTS = 4
#: Ledger records are the push's own; this prefix keeps Google's apart from Canvas's.
LEDGER_SCOPE = "google:"


class GoogleProvider:
    """Access-token login; a course, quizzes as Forms, pages as Docs; a ledger for retries."""

    name = "google"

    def __init__(self, state: AppState) -> None:
        self.config = state.config
        self.api = GoogleAPI(state.config, state.client.transport, lambda: state.oauth)
        self._cache = state.tokens.cache

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
        for asset in push.assets:
            name = str(asset.get("asset_name"))
            if holds_question_set(asset):
                question_set = load_question_set(asset)
                plan_form(name, question_set, shuffle=bool(question_set.settings.shuffle_answers))
            elif len(load_page(asset).title) > TITLE_MAX:
                raise InvalidAssetData(name, "title",
                                       f"longer than Google Classroom's {TITLE_MAX} characters")

    def requests_planned(self, push: Push) -> int:
        return self._planned(push, self._ledger(push))

    def send(self, push: Push) -> LMSCourseResult:
        """The course, its topic, then each asset in order; a failure says what landed."""
        ledger = self._ledger(push)
        tick = counter(push, self._planned(push, ledger))
        names = [str(asset.get("asset_name")) for asset in push.assets]
        landed: list[str] = []
        leftovers: list[str] = []  # half-built forms that could not be deleted
        try:
            course_id = course_for(self.api, push, ledger, tick)
            topic_id = (topic_for(self.api, push.token, course_id, push.module, tick)
                        if push.module is not None else None)
        except LMSError as exc:
            raise failed(exc, push, names, landed, None, leftovers) from None
        for asset, name in zip(push.assets, names, strict=True):
            try:
                landed.append(ledger.landed(asset_key(name)) or self._put(
                    push, course_id, topic_id, asset, ledger, tick, leftovers))
            except LMSError as exc:
                exc.detail = f"{exc.detail} (asset '{name}')"
                raise failed(exc, push, names, landed, name, leftovers) from None
        return LMSCourseResult(course_id, list(landed))

    def _put(self, push: Push, course_id: str, topic_id: str | None,
             asset: Mapping[str, Any], ledger: Ledger, tick: Callable[[], None],
             leftovers: list[str]) -> str:
        name = str(asset.get("asset_name"))
        key = asset_key(name)
        if holds_question_set(asset):
            question_set = load_question_set(asset)
            plan = plan_form(name, question_set,
                             shuffle=bool(question_set.settings.shuffle_answers))
            _warn(push.warnings, name, plan, question_set)
            quiz = Quiz(push.token, course_id, topic_id, push.publish)
            return put_quiz(self.api, quiz, question_set, plan, ledger, key, push.warnings,
                            name, tick, leftovers)
        page = load_page(asset)
        for source in lost_images(page):
            push.warnings.add(f"image '{source[:100]}' not carried: the Google Doc shows only "
                              f"images with a public URL", asset=name)
        place = Placement(push.token, course_id, topic_id, push.publish)
        return put_page(self.api, place, name, page, ledger, key,
                        look_up=bool(push.lms_course_id), tick=tick)

    def _ledger(self, push: Push) -> Ledger:
        return Ledger(self._cache, LEDGER_SCOPE + push.scoped_key)

    def _planned(self, push: Push, ledger: Ledger) -> int:
        """LMS requests the push will make, known before the first: ``progress``'s total."""
        total = 1 if push.lms_course_id or not ledger.landed(COURSE) else 0
        total += 2 if push.module is not None else 0
        for asset in push.assets:
            if ledger.landed(asset_key(str(asset.get("asset_name")))) is not None:
                continue
            # a page: upload and material; in an existing course, a look for its Doc first
            total += QUIZ_REQUESTS if holds_question_set(asset) else (
                3 if push.lms_course_id else 2)
        return total


def _warn(warnings: Warnings, asset: str, plan: FormPlan, question_set: QuestionSet) -> None:
    """What Forms lost of the set, and the quiz settings Classroom and Forms cannot hold
    (QuizSettings in forms.v1 holds only ``isQuiz``)."""
    for message, question in plan.warnings:
        warnings.add(message, asset=asset, question=question)
    if len(plan.description) > DESCRIPTION_MAX:
        warnings.add(f"instructions cut to Google Classroom's {DESCRIPTION_MAX} characters in "
                     f"the assignment's description", asset=asset)
    settings = question_set.settings
    if settings.time_limit_minutes is not None:
        warnings.add("time limit not set: Google Forms has none", asset=asset)
    if settings.allowed_attempts is not None:
        warnings.add("allowed attempts not set: the Forms API cannot limit responses",
                     asset=asset)
    if settings.show_correct_answers is not None:
        warnings.add("showing correct answers not set: the Forms API cannot change it",
                     asset=asset)
