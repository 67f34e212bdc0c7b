"""Moodle web services and the ``local_lmsexport`` plugin as a provider (docs/moodle.md).

One module per job: ``identity`` (login), ``courses`` (the course named or made, the teacher
enrolled), ``activities`` (quizzes and pages through the plugin), ``marks`` (the idnumbers
that name what a push made), ``settings`` (quiz settings as the quiz's fields), ``api``
(form-encoded calls over the transport) and ``errors`` (Moodle's error bodies). The plugin's
own source is in ``plugin/``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ...errors import LMSError
from ...formats.content import holds_question_set, load_page, load_question_set
from ...formats.moodle import format_moodle
from ..base import LMSCourseResult, LMSLogin, Push
from . import identity
from .activities import put_page, put_quiz
from .api import MoodleAPI
from .courses import CREATE_REQUESTS, course_for
from .marks import page_idnumber, quiz_idnumber
from .settings import bank_warnings, quiz_settings

if TYPE_CHECKING:
    from ...state import AppState


class MoodleProvider:
    """Token login, a course found or made, a quiz or a page per asset."""

    name = "moodle"

    def __init__(self, state: AppState) -> None:
        self.api = MoodleAPI(state.config, state.client.transport)

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        return identity.sign_in(self.api, credentials)

    def validate_token(self, token: str) -> bool:
        return identity.validate_token(self.api, token)

    def user_info(self, token: str) -> dict[str, Any]:
        return identity.user_info(self.api, token)

    def check(self, push: Push) -> None:
        """Each asset as the ``moodle`` format writes it: what Moodle cannot hold is a 422 now."""
        for asset in push.assets:
            format_moodle(asset)

    def requests_planned(self, push: Push) -> int:
        """A course lookup (and, to make one, a create, site info and an enrolment), then
        one call per asset."""
        return (1 if push.lms_course_id else CREATE_REQUESTS) + len(push.assets)

    def send(self, push: Push) -> LMSCourseResult:
        """The course, then each asset in order; a failure says what landed."""
        tick = _counter(push, self.requests_planned(push))
        names = [str(asset.get("asset_name")) for asset in push.assets]
        landed: list[str] = []
        try:
            course_id = course_for(
                self.api, push.token, lms_course_id=push.lms_course_id,
                push_key=push.scoped_key, name=push.course_name,
                description=push.course_description,
                teacher=lambda: str(identity.user_info(self.api, push.token)["id"]), tick=tick,
                warnings=push.warnings)
        except LMSError as exc:
            raise _failed(exc, names, landed, failed=None) from None
        for asset, name in zip(push.assets, names, strict=True):
            try:
                landed.append(self._put(push, course_id, asset, name))
            except LMSError as exc:
                exc.detail = f"{exc.detail} (asset '{name}')"
                raise _failed(exc, names, landed, failed=name) from None
            tick()
        return LMSCourseResult(course_id, list(landed))

    def _put(self, push: Push, course_id: str, asset: Mapping[str, Any], name: str) -> str:
        section = push.module or ""
        if holds_question_set(asset):
            question_set = load_question_set(asset)
            bank_warnings(question_set, name, push.warnings)
            return put_quiz(self.api, push.token, course_id, asset, question_set,
                            visible=push.publish, idnumber=quiz_idnumber(push.scoped_key, name),
                            section=section,
                            settings=quiz_settings(question_set, name, push.warnings),
                            warnings=push.warnings)
        host_course = push.host_course_id if push.host_course_id is not None else ""
        return put_page(self.api, push.token, course_id, asset, load_page(asset),
                        visible=push.publish, idnumber=page_idnumber(host_course, name),
                        section=section, warnings=push.warnings)


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
    """``exc`` with ``data.exported_assets``: each asset that landed ``success`` with its id,
    the one that failed ``failed``, the rest ``skipped``."""
    statuses: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        if index < len(landed):
            statuses.append({"asset_name": name, "lms_content_id": landed[index],
                             "status": "success"})
        else:
            statuses.append({"asset_name": name, "lms_content_id": None,
                             "status": "failed" if failed is not None and index == len(landed)
                             else "skipped"})
    exc.data = {"exported_assets": statuses}
    return exc
