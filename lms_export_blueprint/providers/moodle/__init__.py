"""Moodle web services and the ``local_lmsexport`` plugin as a provider (docs/moodle.md).

One module per job: ``identity`` (login), ``courses`` (the course named, or made through the
plugin with its creator enrolled), ``activities`` (quizzes and pages through the plugin),
``marks`` (the idnumbers that name what a push made), ``settings`` (quiz settings as the
quiz's fields), ``api`` (form-encoded calls over the transport), ``errors`` (Moodle's error
bodies) and ``keys`` (``LMS_MOODLE_*``). The plugin's own source is in ``plugin/``; ``cli``
writes its zip (``flask lms moodle-plugin``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ...errors import LMSError
from ...formats.files import FileCarrier
from ...formats.model import QuestionSet
from ...formats.moodle import format_moodle
from ..base import LMSCourseResult, LMSLogin, ProviderContext, ProviderHooks, Push, PushItem
from ..login import ACCESS_TOKEN_LOGIN, PASSWORD_LOGIN, USERNAME_LOGIN, LoginBody
from ..outcome import counter, with_exported_assets
from . import identity, keys
from .activities import put_page, put_quiz
from .api import MoodleAPI
from .cli import moodle_plugin
from .courses import CREATE_REQUESTS, course_for
from .marks import page_idnumber, quiz_idnumber
from .settings import bank_warnings, quiz_settings


class MoodleProvider(ProviderHooks):
    """Token login, a course found or made, a quiz or a page per item."""

    name: ClassVar[str] = "moodle"
    login_bodies: ClassVar[tuple[LoginBody, ...]] = (USERNAME_LOGIN, PASSWORD_LOGIN,
                                                     ACCESS_TOKEN_LOGIN)
    login_refusal: ClassVar[str] = identity.LOGIN_BODIES
    config_prefix: ClassVar[str] = keys.PREFIX
    config_keys = keys.KEYS
    cli_commands = (moodle_plugin,)

    def __init__(self, context: ProviderContext) -> None:
        self.config = context.config
        self.api = MoodleAPI(context.config, context.transport, context.settings)

    def probe_url(self) -> str:
        # Without a token Moodle answers its error body (HTTP 200), or 403 with REST off.
        return f"{self.config.root}/webservice/rest/server.php"

    def describe(self) -> dict[str, str]:
        settings = self.api.settings
        return {"Service": f"{settings['service']} (LMS_MOODLE_SERVICE)",
                "Category": f"{settings['category_id']} (LMS_MOODLE_CATEGORY_ID)"}

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        return identity.sign_in(self.api, credentials)

    def validate_token(self, token: str) -> bool:
        return identity.validate_token(self.api, token)

    def user_info(self, token: str) -> dict[str, Any]:
        return identity.user_info(self.api, token)

    def check(self, push: Push) -> None:
        """Each item as the ``moodle`` format writes it: what Moodle cannot hold is a 422 now.
        The XML is kept on the item for ``send``."""
        for item in push.items:
            _written(item)

    def requests_planned(self, push: Push) -> int:
        """A course lookup (and, to make one, the plugin's create, which enrols the user), then
        one call per item."""
        return (1 if push.lms_course_id else CREATE_REQUESTS) + len(push.items)

    def send(self, push: Push) -> LMSCourseResult:
        """The course, then each item in order; a failure says what landed."""
        tick = counter(push, self.requests_planned(push))
        if push.assignment_group:
            push.warnings.add(f"assignment_group '{push.assignment_group}' is not used: Moodle's "
                              "web services cannot place a quiz in a gradebook category")
        names = [item.asset_name for item in push.items]
        landed: list[str] = []
        try:
            course_id = course_for(
                self.api, push.token, lms_course_id=push.lms_course_id,
                push_key=push.scoped_key, name=push.course_name,
                description=push.course_description, tick=tick, warnings=push.warnings)
        except LMSError as exc:
            raise with_exported_assets(exc, push, names, landed, None) from None
        for item in push.items:
            try:
                landed.append(self._put(push, course_id, item))
            except LMSError as exc:
                exc.detail = f"{exc.detail} (asset '{item.asset_name}')"
                raise with_exported_assets(exc, push, names, landed, item.asset_name) from None
            tick()
        return LMSCourseResult(course_id, list(landed))

    def _put(self, push: Push, course_id: str, item: PushItem) -> str:
        name, section, content = item.asset_name, push.module or "", item.content
        if isinstance(content, QuestionSet):
            bank_warnings(content, name, push.warnings)
            return put_quiz(self.api, push.token, course_id, item.asset, content,
                            written=_written(item), visible=push.publish,
                            idnumber=quiz_idnumber(push.scoped_key, name), section=section,
                            settings=quiz_settings(content),
                            # Each set its own carrier: Moodle keeps a file per question field.
                            files=FileCarrier(push.warnings, push.host_course_id,
                                              push.file_loader))
        host_course = push.host_course_id if push.host_course_id is not None else ""
        return put_page(self.api, push.token, course_id, item.asset, content,
                        written=_written(item), visible=push.publish,
                        idnumber=page_idnumber(host_course, name), section=section,
                        warnings=push.warnings)


def _written(item: PushItem) -> str:
    """The item in the ``moodle`` format (a 422 for what Moodle cannot hold), written once."""
    if "moodle" not in item.rendered:
        item.rendered["moodle"] = format_moodle(item.asset)
    return str(item.rendered["moodle"])

