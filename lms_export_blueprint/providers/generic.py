"""The generic LMS API of contract section 7 as a provider: one request carries the course."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from ..client import LMSClient
from ..errors import LoginBodyInvalid
from .base import LMSCourseResult, LMSLogin, Push

logger = logging.getLogger(__name__)


class GenericProvider:
    """Email and password sign-in; a course created or updated whole (``LMSClient``)."""

    name = "generic"

    def __init__(self, client: LMSClient) -> None:
        self.client = client

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        for other in ("access_token", "username"):
            if other in credentials:
                raise LoginBodyInvalid("this LMS signs in with email and password "
                                       "(LMS_PROVIDER is generic)", other)
        return self.client.sign_in(credentials["email"], credentials["password"])

    def validate_token(self, token: str) -> bool:
        return self.client.validate_token(token)

    def user_info(self, token: str) -> dict[str, Any]:
        return self.client.get_user_info(token)

    def check(self, push: Push) -> None:
        """The generic API takes every format the registry makes."""

    def requests_planned(self, push: Push) -> int:
        return 1

    def send(self, push: Push) -> LMSCourseResult:
        if push.module:
            push.warnings.add(f"the generic LMS API has no modules: 'module' ({push.module}) "
                              "was not sent")
        if push.progress is not None:
            push.progress(0, 1)  # the whole course goes in one request
        if push.lms_course_id:
            result = self.client.update_course_content(push.token, push.lms_course_id,
                                                       push.body, push.scoped_key)
        else:
            result = self.client.create_course(push.token, push.body, push.scoped_key)
        if push.progress is not None:
            push.progress(1, 1)
        return result
