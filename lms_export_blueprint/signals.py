"""Signals sent after each login, push and LMS call, for a host's monitoring to subscribe to.

The sender is the Flask app (as with Flask's own signals); connect with
``lms_export_finished.connect(receiver, sender=app)`` or to every app with no ``sender``.
Every signal carries ``success`` (bool), ``duration`` (seconds, float) and ``error_type``
(None on success); none carries a password, an email or a token.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from blinker import NamedSignal, Namespace
from flask import current_app, has_app_context

logger = logging.getLogger(__name__)

_signals = Namespace()

#: After each ``POST login-lms`` that reached the sign-in step. Extra kwargs: ``user_id`` (the
#: host's), ``mock`` (True in mock mode).
lms_login_finished: NamedSignal = _signals.signal("lms-login-finished")

#: After each ``POST push-to-lms`` that passed host auth and body validation. Extra kwargs:
#: ``user_id``, ``course_id``, ``export_format``, ``asset_count``, ``lms_course_id`` (None when
#: a new course was asked for).
lms_export_finished: NamedSignal = _signals.signal("lms-export-finished")

#: After each HTTP attempt at the LMS, retries included. Extra kwargs: ``method``, ``endpoint``
#: (the path with ids replaced, e.g. ``/courses/{lms_course_id}/content``) and ``status`` (the
#: HTTP status, None when no answer came). ``error_type`` is ``"timeout"``,
#: ``"connection_error"`` or ``"http_<status>"``.
lms_api_called: NamedSignal = _signals.signal("lms-api-called")

#: After a push or package was queued as a job (``Prefer: respond-async``). Extra kwargs:
#: ``kind`` (``"push"`` or ``"package"``), ``user_id``. No success, duration or error_type.
lms_job_queued: NamedSignal = _signals.signal("lms-job-queued")

#: After a job ended, in the process that ran it (a ``flask lms worker`` in RQ mode). Extra
#: kwargs: ``kind``, ``user_id``, ``queued_for`` (seconds from queued to started); ``duration``
#: counts from started to finished; ``error_type`` is ``"http_<status>"`` of its error body.
lms_job_finished: NamedSignal = _signals.signal("lms-job-finished")

F = TypeVar("F", bound=Callable[..., Any])

_COURSE_ID_SEGMENT = re.compile(r"^/courses/[^/]+/")


def reports(signal: NamedSignal, details: Callable[..., dict[str, Any]]) -> Callable[[F], F]:
    """Send ``signal`` when the decorated call returns or raises, with how long it took.

    ``details`` gets the call's arguments and returns the signal's extra kwargs.
    """
    def decorator(operation: F) -> F:
        @functools.wraps(operation)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            error_type = None
            try:
                return operation(*args, **kwargs)
            except Exception as exc:
                error_type = type(exc).__name__
                raise
            finally:
                _send(signal, success=error_type is None, error_type=error_type,
                      duration=time.perf_counter() - started, **details(*args, **kwargs))
        return wrapper  # type: ignore[return-value]
    return decorator


def report_api_call(method: str, path: str, started: float, status: int | None = None,
                    error_type: str | None = None) -> None:
    """Send ``lms_api_called`` for one attempt that began at ``started`` (``perf_counter``)."""
    success = status is not None and 200 <= status < 300
    if not success and error_type is None:
        error_type = f"http_{status}"
    _send(lms_api_called, success=success, error_type=None if success else error_type,
          duration=time.perf_counter() - started, method=method,
          endpoint=_COURSE_ID_SEGMENT.sub("/courses/{lms_course_id}/", path), status=status)


def send_job_queued(record: Any) -> None:
    _send(lms_job_queued, kind=record.kind, user_id=record.user_id)


def send_job_finished(record: Any) -> None:
    """``record`` is a finished :class:`~lms_export_blueprint.jobs.records.JobRecord`."""
    started = record.started_at or record.queued_at
    success = record.error is None
    _send(lms_job_finished, success=success,
          error_type=None if success else f"http_{record.error.get('status')}",
          duration=(record.finished_at or started) - started, kind=record.kind,
          user_id=record.user_id, queued_for=started - record.queued_at)


def login_details(state: Any, user_id: str, *_: Any, **__: Any) -> dict[str, Any]:
    return {"user_id": user_id, "mock": state.mock_mode}


def export_details(*_: Any, user_id: str, course_id: str, push: Any, **__: Any) -> dict[str, Any]:
    return {"user_id": user_id, "course_id": course_id,
            "export_format": push.get("export_format"),
            "asset_count": len(push.get("asset_names") or ()),
            "lms_course_id": push.get("lms_course_id")}


def _send(signal: NamedSignal, **kwargs: Any) -> None:
    if not signal.receivers:
        return
    sender = current_app._get_current_object() if has_app_context() else None  # type: ignore[attr-defined]
    try:
        signal.send(sender, **kwargs)
    except Exception:
        # Monitoring must never fail a teacher's login or push.
        logger.exception("A receiver of the %s signal failed", signal.name)
