"""The work a job carries to its worker, with the LMS token sealed (RQ: under ``SECRET_KEY``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..export import PreparedPush
from ..sealing import SecretKeeper

PUSH, PACKAGE = "push", "package"


@dataclass(frozen=True)
class SealedWork:
    """What a worker needs to run one job; safe to pickle into a queue.

    Its repr names only the kind and the course: RQ and loggers may print it.
    """

    kind: str
    course_id: str
    #: A push: the :class:`PreparedPush` fields but the token; a package: the selection.
    details: dict[str, Any] = field(repr=False)
    #: The LMS token, sealed by the engine's keeper (a push only): Fernet on RQ, a handle
    #: to process memory in the thread pool.
    sealed_token: str | None = field(default=None, repr=False)


def seal_push(prepared: PreparedPush, sealer: SecretKeeper) -> SealedWork:
    details = asdict(prepared)
    token = details.pop("lms_token")
    return SealedWork(PUSH, prepared.course_id, details, sealer.seal(token))


def open_push(work: SealedWork, sealer: SecretKeeper, max_age: float) -> PreparedPush:
    """The PreparedPush again; SealError once the sealed token is older than ``max_age``."""
    token = sealer.unseal(work.sealed_token or "", max_age=max_age)
    return PreparedPush(lms_token=token, **work.details)


def package_work(course_id: str, selection: dict[str, Any]) -> SealedWork:
    """A package needs no LMS token: the worker reloads the assets through the loaders."""
    return SealedWork(PACKAGE, course_id, dict(selection))
