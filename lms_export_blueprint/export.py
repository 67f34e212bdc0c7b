"""POST push-to-lms: the one place the steps of a push are ordered."""

from __future__ import annotations

import json
import logging
import math
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .auth import authorise_lms_token
from .errors import (
    CourseNotFound,
    LMSError,
    LMSTokenInvalid,
    PushInProgress,
    RequestInvalid,
    StoreUnavailable,
)
from .loaders import FileLoader
from .masking import fingerprint, mask_token
from .providers import LMSCourseResult, Progress, Push, PushItem
from .selection import check_asset_types, load_assets, parse_items
from .signals import export_details, lms_export_finished, reports
from .state import ExportState
from .tokens import claim
from .warnings import Warnings

logger = logging.getLogger(__name__)

#: Seconds a client's Idempotency-Key stays tied to the course and body it first came with.
IDEMPOTENCY_KEY_TTL = 24 * 3600
#: Prefixed by us, like the token store's keys (SimpleCache ignores CACHE_KEY_PREFIX).
IDEMPOTENCY_PREFIX = "lms_export:idempotency:"
#: Held while a push with a client's key runs: a second push with that key is a 409.
RUNNING_PREFIX = "lms_export:push_running:"
#: Seconds a running push's claim outlives ``LMS_DEADLINE``, should its process die mid-push.
RUNNING_MARGIN = 5


@dataclass(frozen=True)
class PreparedPush:
    """A push that passed every check: what is left is the LMS part (:func:`send_push`)."""

    user_id: str
    course_id: str
    lms_token: str
    asset_names: list[str]
    lms_course_id: str | None
    course_name: str | None
    course_description: str | None
    publish: bool
    export_format: str
    #: The LMS-side idempotency key: the client's, scoped to its user, or a fresh one.
    scoped_key: str
    #: The assets as loaded, in push order (a job carries these to its worker).
    assets: tuple[Mapping[str, Any], ...] = ()
    #: The push body's ``module``: where in the LMS course the items go, by name.
    module: str | None = None
    #: The push body's ``assignment_group``: the gradebook group quizzes go into, by name.
    assignment_group: str | None = None

    @cached_property
    def items(self) -> list[PushItem]:
        """The assets parsed into the model: once per push (a job's worker parses again)."""
        return parse_items(self.assets)

    def to_push(self, progress: Progress | None = None, warnings: Warnings | None = None,
                file_loader: FileLoader | None = None) -> Push:
        """What the provider checks and sends; it adds what the LMS cannot hold to
        ``warnings``. ``file_loader``: the host's, for the files a provider uploads."""
        return Push(token=self.lms_token, lms_course_id=self.lms_course_id,
                    course_name=self.course_name, course_description=self.course_description,
                    items=self.items, publish=self.publish, export_format=self.export_format,
                    scoped_key=self.scoped_key, progress=progress, module=self.module,
                    host_course_id=self.course_id, assignment_group=self.assignment_group,
                    file_loader=file_loader,
                    warnings=Warnings() if warnings is None else warnings)


@reports(lms_export_finished, export_details)
def push_to_lms(
    state: ExportState,
    *,
    user_id: str,
    course_id: str,
    push: Mapping[str, Any],
    lms_token: str | None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Check, load, parse and send; every failure raises before anything reaches the LMS.

    Validation and the send share one ``LMS_DEADLINE``.
    """
    with state.transport.operation():
        prepared = prepare_push(state, user_id=user_id, course_id=course_id, push=push,
                                lms_token=lms_token, idempotency_key=idempotency_key)
        with one_push_per_key(state, prepared.scoped_key) if idempotency_key else nullcontext():
            return send_push(state, prepared)


@contextmanager
def one_push_per_key(state: ExportState, scoped_key: str, *, run: str | None = None,
                     ended: Callable[[str], bool] | None = None) -> Iterator[None]:
    """Run the body only while this push holds its user's key (docs/failure-behaviour.md),
    whether it runs in the request or as a job.

    The claim lives in the shared store: shared by every worker with Redis, within one
    process with a local cache. A second push with the key while the first runs is a 409 with
    ``Retry-After``; a store that cannot be written is a 503 (pushes could not be kept apart).
    The claim ends with the push, or ``LMS_DEADLINE`` plus a margin after it began. ``run``
    names the holder (a job's id); ``ended(run)`` says a holder is known to be gone (a job
    whose worker was killed ended ``failed``), so its claim is taken over at once.
    """
    ttl = math.ceil(state.config.deadline) + RUNNING_MARGIN
    key, mine = RUNNING_PREFIX + scoped_key, run or uuid.uuid4().hex
    entry = {"run": mine, "expires_at": time.time() + ttl}
    holder = claim(state.store, key, entry, ttl)
    if holder is not None and holder.get("run") != mine and ended is not None \
            and ended(str(holder.get("run"))):
        _release(state.store, key, str(holder.get("run")))
        holder = claim(state.store, key, entry, ttl)
    if holder is None:
        raise StoreUnavailable("The shared store is unavailable: a push with an Idempotency-Key "
                               "cannot be kept from running twice; nothing was sent to the LMS")
    if holder.get("run") != mine:
        raise PushInProgress(math.ceil(float(holder.get("expires_at", 0)) - time.time()))
    try:
        yield
    finally:
        _release(state.store, key, mine)


def _release(cache: Any, key: str, mine: str) -> None:
    """Give the key up, if it is still ours (an expired claim may be another push's now)."""
    try:
        holder = cache.get(key)
        if isinstance(holder, dict) and holder.get("run") == mine:
            cache.delete(key)
    except Exception:  # the claim expires on its own
        logger.warning("A push's Idempotency-Key claim could not be released; it expires")


def prepare_push(state: ExportState, *, user_id: str, course_id: str, push: Mapping[str, Any],
                 lms_token: str | None, idempotency_key: str | None) -> PreparedPush:
    """Every check of a push, in the order of docs/routes.md; raises the first that fails."""
    token = authorise_lms_token(state, user_id, lms_token)
    loaders = state.loaders
    course = loaders.load_course(course_id)
    if course is None:
        raise CourseNotFound()
    assets = load_assets(loaders, course_id, push["asset_names"])
    check_asset_types(assets, push["asset_type"])
    scoped_key = _scoped_key(user_id, idempotency_key)
    prepared = PreparedPush(
        user_id=user_id, course_id=course_id, lms_token=token,
        asset_names=list(push["asset_names"]), lms_course_id=push["lms_course_id"],
        course_name=course.get("name"), course_description=course.get("description"),
        publish=push["publish"], export_format=push["export_format"],
        scoped_key=scoped_key, assets=tuple(assets), module=push.get("module"),
        assignment_group=push.get("assignment_group"),
    )
    prepared.items  # noqa: B018  (parsed now: a 422 for bad content before anything is sent)
    state.provider.check(prepared.to_push())  # what this LMS cannot take: 422, nothing sent
    if idempotency_key:
        _check_key_not_reused(state, idempotency_key, scoped_key, course_id, push)
    return prepared


def send_push(state: ExportState, prepared: PreparedPush,
              progress: Progress | None = None) -> dict[str, Any]:
    """The LMS part of a push: the success body, or the LMS's failure as one of our errors."""
    course_id, token = prepared.course_id, prepared.lms_token
    asset_count = len(prepared.asset_names)
    if logger.isEnabledFor(logging.INFO):  # the token's hash only for a line that is written
        logger.info("Pushing %d assets to LMS for course %s (LMS token %s)", asset_count,
                    course_id, mask_token(token))
    started = time.perf_counter()
    warnings = Warnings()
    try:
        result = state.provider.send(prepared.to_push(progress, warnings, state.loaders.file))
    except LMSError as exc:
        if isinstance(exc, LMSTokenInvalid):
            state.tokens.forget(token)
        logger.error("LMS export failed for course %s: %s", course_id, exc.detail)
        raise
    logger.info("LMS export completed successfully for course %s in %.0f ms", course_id,
                (time.perf_counter() - started) * 1000)
    if len(result.content_ids) > asset_count:
        logger.warning("The LMS returned %d content ids for %d assets of course %s; the "
                       "surplus is ignored", len(result.content_ids), asset_count, course_id)
    return success_body(prepared.asset_names, result, warnings.messages())


def success_body(asset_names: list[str], result: LMSCourseResult,
                 warnings: list[str] | None = None) -> dict[str, Any]:
    """Content ids in asset order, exactly as the LMS returned them; None where it gave none."""
    content_ids = [
        result.content_ids[index] if index < len(result.content_ids) else None
        for index in range(len(asset_names))
    ]
    return {"success": True, "message": "Successfully exported to LMS", "data": {
        "lms_course_id": result.course_id,
        "lms_content_ids": content_ids,
        "exported_assets": [
            {"asset_name": name, "lms_content_id": content_id, "status": "success"}
            for name, content_id in zip(asset_names, content_ids, strict=True)
        ],
        "warnings": list(warnings or ()),
    }}


def _check_key_not_reused(state: ExportState, client_key: str, scoped_key: str, course_id: str,
                          push: Mapping[str, Any]) -> None:
    """A client key names one push: reused with another course or body it is a 422, since the
    LMS would replay the first push's answer for content it never received."""
    request = fingerprint(json.dumps({"course_id": course_id, "push": push}, sort_keys=True))
    entry = {"request": request, "expires_at": time.time() + IDEMPOTENCY_KEY_TTL}
    holder = claim(state.store, IDEMPOTENCY_PREFIX + scoped_key, entry,
                   IDEMPOTENCY_KEY_TTL)
    if holder is not None and holder.get("request") != request:
        reason = "already used with a different course or body; send a new key"
        raise RequestInvalid(f"Invalid request: Idempotency-Key '{client_key[:100]}' {reason}",
                             errors={"Idempotency-Key": [reason]})


def _scoped_key(user_id: str, client_key: str | None) -> str:
    """The client's own key, scoped to its user so two users' keys never meet; else a fresh one."""
    if client_key:
        return fingerprint(f"{user_id}\n{client_key}")[:40]
    return uuid.uuid4().hex
