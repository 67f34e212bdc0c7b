"""The one interface every LMS provider offers the extension (contract section 9)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..warnings import Warnings

#: ``progress(done, total)``: called as the LMS part of a push advances, in LMS requests.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LMSLogin:
    """A login the LMS accepted: the token the frontend sends as X-LMS-Token, and who it is."""

    token: str
    user: dict[str, Any]


@dataclass(frozen=True)
class LMSCourseResult:
    """What the LMS said it holds after a create or update."""

    course_id: str | None
    content_ids: list[str | None]


@dataclass(frozen=True)
class Push:
    """What a provider sends: the checked push, in the LMS-neutral shapes of export.py."""

    token: str
    lms_course_id: str | None
    course_name: str | None
    course_description: str | None
    #: The assets as loaded (contract section 5), in push order.
    assets: list[Mapping[str, Any]]
    #: The generic API's course body (contract section 7), formatted per ``export_format``.
    body: dict[str, Any]
    publish: bool
    #: The push's scoped idempotency key; a provider keys its retry ledger by it.
    scoped_key: str
    progress: Progress | None = field(default=None, compare=False)
    #: Where in the LMS course the items go (a module, section or topic), by name; or None.
    module: str | None = None
    #: What the LMS could not hold as sent: the 200 body's ``data.warnings``.
    warnings: Warnings = field(default_factory=Warnings, compare=False)
    #: The host course the assets come from: part of the mark of what a push makes.
    host_course_id: str | None = None


class Provider(Protocol):
    """Sign in, say who a token is, check assets before anything is sent, and send them.

    A third LMS is one module implementing these six methods.
    """

    name: str

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        """The LMS's answer to the login body; ``LoginBodyInvalid`` for the other LMS's body."""

    def validate_token(self, token: str) -> bool:
        """True when the LMS accepts ``token``; False when it calls it invalid or expired."""

    def user_info(self, token: str) -> dict[str, Any]:
        """``{"id", "email", "name"}`` of the LMS user behind ``token``."""

    def check(self, push: Push) -> None:
        """Raise a 422 for what this LMS cannot take; nothing has been sent yet."""

    def requests_planned(self, push: Push) -> int:
        """LMS requests ``send(push)`` would make now: a queued job's progress total."""

    def send(self, push: Push) -> LMSCourseResult:
        """Create or update the course and put each asset; the LMS's failure as our error.

        A failure after some assets landed carries ``data.exported_assets``.
        """
