"""The generic LMS API (docs/routes.md, "The LMS API it calls") as a provider: one request
carries the whole course, formatted with the push's ``export_format``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, ClassVar

from msgspec import Raw

from ..base import LMSCourseResult, LMSLogin, ProviderContext, ProviderHooks, Push, PushItem
from ..login import PASSWORD_LOGIN, LoginBody
from .client import LMSClient

logger = logging.getLogger(__name__)


class GenericProvider(ProviderHooks):
    """Email and password sign-in; a course created or updated whole (``LMSClient``)."""

    name: ClassVar[str] = "generic"
    login_bodies: ClassVar[tuple[LoginBody, ...]] = (PASSWORD_LOGIN,)
    login_refusal: ClassVar[str] = ("this LMS signs in with email and password "
                                    "(LMS_PROVIDER is generic)")

    def __init__(self, context: ProviderContext) -> None:
        self.client = LMSClient(context.config, transport=context.transport)
        self.formats = context.formats

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        return self.client.sign_in(credentials["email"], credentials["password"])

    def validate_token(self, token: str) -> bool:
        return self.client.validate_token(token)

    def user_info(self, token: str) -> dict[str, Any]:
        return self.client.get_user_info(token)

    def probe_url(self) -> str:
        return f"{self.client.config.api_root}/auth/validate"

    def check(self, push: Push) -> None:
        """Every item formats in the push's format (its 422s come now, before any call)."""
        self.course_body(push)

    def requests_planned(self, push: Push) -> int:
        return 1

    def send(self, push: Push) -> LMSCourseResult:
        body = self.course_body(push)
        if push.module:
            push.warnings.add(f"the generic LMS API has no modules: 'module' ({push.module}) "
                              "was not sent")
        if push.assignment_group:
            push.warnings.add("the generic LMS API has no assignment groups: "
                              f"'assignment_group' ({push.assignment_group}) was not sent")
        if push.progress is not None:
            push.progress(0, 1)  # the whole course goes in one request
        if push.lms_course_id:
            result = self.client.update_course_content(push.token, push.lms_course_id,
                                                       body, push.scoped_key)
        else:
            result = self.client.create_course(push.token, body, push.scoped_key)
        if push.progress is not None:
            push.progress(1, 1)
        return result

    def course_body(self, push: Push) -> dict[str, Any]:
        """The create or update body: the course and each item in ``export_format``, its
        envelope already JSON (``json_bytes`` writes it in place)."""
        return {"course_name": push.course_name, "course_description": push.course_description,
                "assets": [self._formatted(item, push) for item in push.items],
                "publish": push.publish}

    def _formatted(self, item: PushItem, push: Push) -> Raw:
        """The item's envelope in the push's format, made once for ``check`` and ``send``.

        Kept encoded (``format_json``; lms_standard writes its questions without dicts):
        no formatted dicts and lists, hundreds for a quiz, live through the LMS call. With
        pushes waiting on their LMS in every thread of a worker, those that lived were
        promoted by the collector, and made it run full collections (BENCHMARKS.md,
        "2026-12-08").
        """
        key = (self.name, push.export_format, push.publish)
        envelope = item.rendered.get(key)
        if envelope is None:
            envelope = item.rendered[key] = Raw(self.formats.format_json(
                item.asset, push.export_format, publish=push.publish, content=item.content))
        return envelope  # type: ignore[no-any-return]
