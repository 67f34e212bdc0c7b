"""The shared HTTP transport to an LMS: no redirects, no cookies, a size cap, one deadline.

It knows statuses, headers and bytes; which paths exist and what the payloads mean is the
business of the provider built on top (``providers/<name>/``, e.g.
``providers/generic/client.py``). A provider whose LMS reads some statuses its own way (a 403
that is its throttle, a 401 that means "not permitted") says so with a :class:`Dialect` on
the call.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

import requests
from requests.structures import CaseInsensitiveDict

from .answers import LMSHTTPError as LMSHTTPError
from .answers import allowed_redirect, read_capped, redirect_said
from .config import LMSConfig
from .errors import (
    LMSBadResponse,
    LMSError,
    LMSForbidden,
    LMSMockMode,
    LMSRateLimited,
    LMSTimeout,
    LMSTokenInvalid,
    LMSUnavailable,
)
from .limits import DOT_SEGMENTS
from .masking import what_lms_said
from .retry import (
    Deadline,
    RetryPolicy,
    current_deadline,
    is_retryable,
    operation_deadline,
    parse_retry_after,
    sleep,
)
from .session import new_session, read_environment_once
from .signals import report_api_call
from .watchdog import Watchdog, cut_at

logger = logging.getLogger(__name__)

#: Statuses whose answer is the LMS saying "done". 204 only where no body is needed.
SUCCESS_STATUSES = frozenset({200, 201})
#: The default body: what every LMS's REST API reads.
JSON = "application/json"

#: One table from an LMS status to our error; a call may override an entry, e.g. sign-in
#: reads 400/401/403 as "wrong email or password". Any other failing status is a 502.
STATUS_ERRORS: Mapping[int, type[LMSError]] = {
    401: LMSTokenInvalid,
    403: LMSForbidden,
    429: LMSRateLimited,
}


class Dialect(Protocol):
    """How one LMS's failing answers read, where they differ from :data:`STATUS_ERRORS`."""

    def throttled(self, failure: LMSHTTPError) -> bool:
        """True when the LMS refused the call for its rate limit, before acting on it."""

    def error_for(self, failure: LMSHTTPError, call: Call) -> LMSError | None:
        """Our error for ``failure``, or None for the shared table's."""

    # Optional: ``messages(errors) -> str | None``, the LMS's own ``errors`` member of a JSON
    # error body as one line (read when it has no string ``detail``, ``message`` or ``error``).


@dataclass(frozen=True)
class Answer:
    """A successful answer: its JSON (None for a 204) and its headers."""

    body: Any
    headers: Mapping[str, str]
    #: Bytes of the body as read (decompressed): what a listing counts against its cap.
    size: int = 0
    #: Set only for a call with ``redirect_origin``: where its 3xx pointed, on that origin.
    location: str | None = None


@dataclass(frozen=True)
class Call:
    """One logical LMS call: what to send, and how its answers read."""

    method: str
    path: str
    timeout: float
    repeat_safe: bool
    action: str = "export"
    token: str | None = None
    body: bytes | None = None
    idempotency_key: str | None = None
    needs_body: bool = True
    status_errors: Mapping[int, type[LMSError]] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    #: Where ``path`` starts: None is ``{LMS_BASE_URL}/api/{LMS_API_VERSION}``; a provider
    #: whose paths start at the root gives ``{LMS_BASE_URL}`` (``LMSConfig.root``).
    root: str | None = None
    dialect: Dialect | None = None
    #: The path as a metric label (ids replaced), when ``path`` holds ids and a query.
    endpoint: str | None = None
    #: What ``body`` is: JSON by default; :mod:`~lms_export_blueprint.bodies` makes form
    #: and multipart bodies with their content type.
    content_type: str = JSON
    #: The statuses that are a result; an OAuth token endpoint accepts only 200.
    accept: frozenset[int] = SUCCESS_STATUSES
    #: False for an answer whose body is not ours to read (a file store's XML): it is
    #: capped and dropped, and the answer's ``body`` is None.
    reads_json: bool = True
    #: A tighter size cap than ``LMS_MAX_RESPONSE_BYTES`` (a listing's remaining budget).
    max_bytes: int | None = None
    #: False for a create on an LMS that ignores ``Idempotency-Key``: a failure after which
    #: the LMS may have done the work (no answer, a 503) is not sent again here, since its
    #: caller looks first for what was made; a throttle's refusal is still waited out.
    resend: bool = True
    #: An origin (``https://lms.school.edu``) a 3xx may point to: the answer is then
    #: returned with its ``location``, for the caller to follow explicitly (a provider's
    #: file upload does).
    #: A 3xx anywhere else is refused, as always.
    redirect_origin: str | None = None


class Transport:
    """One pooled, cookie-less ``requests.Session`` per app, with retries inside a deadline."""

    def __init__(self, config: LMSConfig, session: requests.Session | None = None) -> None:
        self.config = config
        self.session = session or new_session()
        #: Our own session's settings are known (no auth, no cookies, proxies read once), so
        #: a call is prepared directly; a given session goes through ``Session.request``.
        self._own_session = session is None
        self.verify = (read_environment_once(self.session, config) if self._own_session
                       else config.verify_ssl)
        self.retry_policy = RetryPolicy(attempts=config.retry_attempts,
                                        backoff=config.retry_backoff,
                                        max_wait=config.retry_max_wait)

    def operation(self) -> AbstractContextManager[Deadline]:
        """One ``LMS_DEADLINE`` for every call made inside: a whole login, push or job."""
        return operation_deadline(self.config.deadline)

    def send(self, call: Call) -> Any:
        """The JSON answer to ``call`` (None for a 204), or one of our ``LMSError``."""
        return self.exchange(call).body

    def exchange(self, call: Call) -> Answer:
        """The answer to ``call`` with its headers, or one of our ``LMSError``.

        Without ``LMS_BASE_URL`` a call that names no root of its own has no LMS to reach:
        :class:`LMSMockMode`, and nothing is tried.
        """
        if self.config.mock_mode and not call.root:
            raise LMSMockMode()
        deadline = current_deadline(self.config.deadline)
        retry_number = 0
        throttled: LMSHTTPError | None = None
        while True:
            try:
                return self._attempt(call, deadline)
            except LMSHTTPError as failure:
                retry_number += 1
                wait = self._wait_before(retry_number, failure, call, deadline)
                if wait is None:
                    if throttled is not None and failure.timed_out:
                        # Out of time while waiting out the throttle: its 429, not a 504
                        raise _rate_limited(throttled) from None
                    raise _lms_error(failure, call) from None
                throttled = failure if _is_throttle(failure, call) else None
                logger.info("LMS %s %s failed (%s); retry %d in %.2fs", call.method, call.path,
                            failure.status or "no answer", retry_number, wait)
                sleep(wait)

    def _wait_before(self, retry_number: int, failure: LMSHTTPError, call: Call,
                     deadline: Deadline) -> float | None:
        """Seconds to wait before the next try, or None when there is none."""
        if call.dialect is not None and call.dialect.throttled(failure):
            # Refused before the LMS acted (request_throttle.rb runs before any controller):
            # safe to repeat whatever the method, as often as the deadline allows.
            wait = self.retry_policy.wait_before_retry(retry_number, failure.retry_after)
            wait = self.retry_policy.max_wait if wait is None else wait
            return wait if wait < deadline.remaining() else None
        if not call.resend or retry_number > self.retry_policy.attempts or not is_retryable(
            status=failure.status, repeat_safe=call.repeat_safe
        ):
            return None
        # An LMS asking for longer than LMS_RETRY_MAX_WAIT is answered now, its
        # Retry-After passed on: waiting out the cap again and again only delays the 429.
        wait = self.retry_policy.wait_before_retry(retry_number, failure.retry_after)
        if wait is None or wait >= deadline.remaining():
            return None
        return wait

    def _attempt(self, call: Call, deadline: Deadline) -> Answer:
        timeout = min(call.timeout, deadline.remaining())
        if timeout <= 0:
            raise LMSHTTPError(None, timed_out=True)
        started = time.perf_counter()
        with cut_at(deadline.remaining()) as watchdog:
            try:
                response = self._request(call, timeout)
            except requests.RequestException as exc:
                raise _no_answer(call, exc, timeout, started, watchdog.fired) from None
            try:
                report_api_call(call.method, call.endpoint or call.path, started,
                                status=response.status_code)
                return self._read(response, call, deadline, watchdog)
            finally:
                watchdog.stop()
                response.close()

    def _request(self, call: Call, timeout: float) -> requests.Response:
        """Send ``call`` once: streamed, no redirect followed."""
        url, headers = _url(self.config, call), _headers(call)
        if not self._own_session:
            return self.session.request(call.method, url, data=call.body, headers=headers,
                                        timeout=timeout, verify=self.verify,
                                        allow_redirects=False, stream=True)
        # What Session.request would merge in is fixed for our session: preparing the call
        # here skips its per-call merging of settings, cookies and hooks (0.1 ms a call).
        merged = CaseInsensitiveDict(self.session.headers)
        merged.update(headers)
        prepared = requests.PreparedRequest()
        prepared.prepare(method=call.method, url=url, headers=merged, data=call.body,
                         hooks=self.session.hooks)
        return self.session.send(prepared, timeout=timeout, verify=self.verify,
                                 proxies=self.session.proxies, cert=None, stream=True,
                                 allow_redirects=False)

    def _read(self, response: requests.Response, call: Call, deadline: Deadline,
              watchdog: Watchdog) -> Answer:
        status = response.status_code
        if watchdog.fired:  # cut in the head: what http.client read may look whole, and is not
            raise LMSHTTPError(None, timed_out=True)
        if 300 <= status < 400:
            location = allowed_redirect(response, call.redirect_origin)
            if location is None:
                raise LMSBadResponse(redirect_said(response), action=call.action)
            return Answer(None, response.headers, location=location)
        limit = self.config.max_response_bytes
        if call.max_bytes is not None:
            limit = min(limit, call.max_bytes)
        body = read_capped(response, deadline, limit, call.action, watchdog)
        if watchdog.fired:  # cut while reading: an answer without its end is no answer
            raise LMSHTTPError(None, timed_out=True)
        if status == 204 and not call.needs_body:
            return Answer(None, response.headers)
        if status in call.accept and not call.reads_json:
            return Answer(None, response.headers, size=len(body))
        if status not in call.accept:
            if 200 <= status < 300:
                raise LMSBadResponse(f"the LMS answered {status}, which is not a result",
                                     action=call.action)
            said = what_lms_said(status, response.reason, response.headers.get(
                "Content-Type", ""), body, (*call.secrets, call.token or ""),
                getattr(call.dialect, "messages", None))
            raise LMSHTTPError(status, response.headers.get("Retry-After"), said,
                               headers=response.headers, body=body)
        try:
            return Answer(json.loads(body), response.headers, size=len(body))
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deeply
            raise LMSBadResponse(f"the LMS answered {status} with a body that is not JSON",
                                 action=call.action) from None


def _lms_error(failure: LMSHTTPError, call: Call) -> LMSError:
    """Our error for a failed call: the one table, with the call's own overrides."""
    if failure.status is None:
        return LMSTimeout() if failure.timed_out else LMSUnavailable()
    if call.dialect is not None:
        if call.dialect.throttled(failure):
            return _rate_limited(failure)
        own = call.dialect.error_for(failure, call)
        if own is not None:
            return own
    error_type = call.status_errors.get(failure.status) or STATUS_ERRORS.get(failure.status)
    if error_type is LMSRateLimited:
        return _rate_limited(failure)
    if error_type is not None:
        return error_type()
    return LMSBadResponse(failure.said, action=call.action)


def _is_throttle(failure: LMSHTTPError, call: Call) -> bool:
    """A 429, or what the call's dialect reads as its throttle: the LMS did not act."""
    return failure.status == 429 or (call.dialect is not None
                                     and call.dialect.throttled(failure))


def _rate_limited(failure: LMSHTTPError) -> LMSRateLimited:
    """A 429 (or a dialect's throttle refusal) with its ``Retry-After`` passed on, when it
    says something readable."""
    readable = parse_retry_after(failure.retry_after) is not None
    return LMSRateLimited(failure.retry_after if readable else None)


def _url(config: LMSConfig, call: Call) -> str:
    return (config.api_root if call.root is None else call.root) + call.path


def _no_answer(call: Call, exc: requests.RequestException, timeout: float, started: float,
               cut: bool) -> LMSHTTPError:
    if cut or isinstance(exc, requests.Timeout):
        logger.warning("LMS %s %s timed out after %.1fs", call.method, call.path, timeout)
        report_api_call(call.method, call.endpoint or call.path, started, error_type="timeout")
        return LMSHTTPError(None, timed_out=True)
    logger.warning("LMS %s %s could not connect: %s", call.method, call.path,
                   type(exc).__name__)
    report_api_call(call.method, call.endpoint or call.path, started, error_type="connection_error")
    return LMSHTTPError(None)


def _headers(call: Call) -> dict[str, str]:
    headers = {}
    if call.body is not None:
        headers["Content-Type"] = call.content_type
    if call.token is not None:
        headers["Authorization"] = f"Bearer {call.token}"
    if call.idempotency_key is not None:
        headers["Idempotency-Key"] = call.idempotency_key
    return headers


def path_segment(value: str) -> str:
    """``value`` as one URL path segment: it can never reach another LMS path."""
    if value in DOT_SEGMENTS:
        raise ValueError("'.' and '..' are not LMS ids")
    return quote(value, safe="")
