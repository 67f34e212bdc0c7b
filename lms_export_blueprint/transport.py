"""The shared HTTP transport to an LMS: no redirects, no cookies, a size cap, one deadline.

It knows statuses, headers and bytes; which paths exist and what the payloads mean is the
business of the provider built on top (``client.py`` for the generic API, ``providers/canvas``
for Canvas). A provider whose LMS reads some statuses its own way (Canvas: a 403 that is its
throttle, a 401 without ``WWW-Authenticate``) says so with a :class:`Dialect` on the call.
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from .config import LMSConfig
from .errors import (
    LMSBadResponse,
    LMSError,
    LMSForbidden,
    LMSRateLimited,
    LMSTimeout,
    LMSTokenInvalid,
    LMSUnavailable,
)
from .masking import what_lms_said
from .retry import Deadline, RetryPolicy, current_deadline, is_retryable, parse_retry_after
from .signals import report_api_call
from .watchdog import Watchdog, WatchedAdapter, cut_at

logger = logging.getLogger(__name__)

#: Connections kept open to the LMS; one per worker thread is enough.
POOL_SIZE = 32
#: Bytes read from the LMS at a time; the size cap and the deadline are checked between reads.
CHUNK_BYTES = 64 * 1024
#: Statuses whose answer is the LMS saying "done". 204 only where no body is needed.
SUCCESS_STATUSES = frozenset({200, 201})

#: Bytes of a failing answer's body kept for a Dialect to read.
_BODY_KEPT = 512

#: One table from an LMS status to our error; a call may override an entry, e.g. sign-in
#: reads 400/401/403 as "wrong email or password". Any other failing status is a 502.
STATUS_ERRORS: Mapping[int, type[LMSError]] = {
    401: LMSTokenInvalid,
    403: LMSForbidden,
    429: LMSRateLimited,
}


class LMSHTTPError(Exception):
    """One attempt failed: the LMS answered ``status`` (None: no answer, see ``timed_out``)."""

    def __init__(self, status: int | None, retry_after: str | None = None, said: str = "",
                 *, timed_out: bool = False, headers: Mapping[str, str] | None = None,
                 body: bytes = b"") -> None:
        self.status = status
        self.retry_after = retry_after
        self.said = said
        self.timed_out = timed_out
        #: The failing answer's headers (empty without an answer), for a :class:`Dialect`.
        self.headers: Mapping[str, str] = headers or {}
        #: The start of its body, for a Dialect to recognise; never shown (``said`` is).
        self.body = body[:_BODY_KEPT]
        super().__init__(said or (f"LMS answered {status}" if status else "no answer"))


class Dialect(Protocol):
    """How one LMS's failing answers read, where they differ from :data:`STATUS_ERRORS`."""

    def throttled(self, failure: LMSHTTPError) -> bool:
        """True when the LMS refused the call for its rate limit, before acting on it."""

    def error_for(self, failure: LMSHTTPError, call: Call) -> LMSError | None:
        """Our error for ``failure``, or None for the shared table's."""


@dataclass(frozen=True)
class Answer:
    """A successful answer: its JSON (None for a 204) and its headers."""

    body: Any
    headers: Mapping[str, str]


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
    #: Where ``path`` starts: None is ``{LMS_BASE_URL}/api/{LMS_API_VERSION}``; Canvas gives
    #: ``{LMS_BASE_URL}`` and paths under ``/api/v1`` or ``/api/quiz/v1``.
    root: str | None = None
    dialect: Dialect | None = None
    #: The path as a metric label (ids replaced), when ``path`` holds ids and a query.
    endpoint: str | None = None
    #: How ``body`` is encoded: JSON, or a form (Moodle's web services read ``$_POST``).
    content_type: str = "application/json"


class Transport:
    """One pooled, cookie-less ``requests.Session`` per app, with retries inside a deadline."""

    def __init__(self, config: LMSConfig, session: requests.Session | None = None) -> None:
        self.config = config
        self.session = session or _new_session()
        self.verify = config.verify_ssl
        if session is None:
            self.verify = _read_environment_once(self.session, config)
        self.retry_policy = RetryPolicy(attempts=config.retry_attempts,
                                        backoff=config.retry_backoff,
                                        max_wait=config.retry_max_wait)

    def send(self, call: Call) -> Any:
        """The JSON answer to ``call`` (None for a 204), or one of our ``LMSError``."""
        return self.exchange(call).body

    def exchange(self, call: Call) -> Answer:
        """The answer to ``call`` with its headers, or one of our ``LMSError``."""
        deadline = current_deadline(self.config.deadline)
        retry_number = 0
        while True:
            try:
                return self._attempt(call, deadline)
            except LMSHTTPError as failure:
                retry_number += 1
                wait = self._wait_before(retry_number, failure, call, deadline)
                if wait is None:
                    raise _lms_error(failure, call) from None
                logger.info("LMS %s %s failed (%s); retry %d in %.2fs", call.method, call.path,
                            failure.status or "no answer", retry_number, wait)
                time.sleep(wait)

    def _wait_before(self, retry_number: int, failure: LMSHTTPError, call: Call,
                     deadline: Deadline) -> float | None:
        """Seconds to wait before the next try, or None when there is none."""
        if call.dialect is not None and call.dialect.throttled(failure):
            # Refused before the LMS acted (request_throttle.rb runs before any controller):
            # safe to repeat whatever the method, as often as the deadline allows.
            wait = self.retry_policy.wait_before_retry(retry_number, failure.retry_after)
            wait = self.retry_policy.max_wait if wait is None else wait
            return wait if wait < deadline.remaining() else None
        if retry_number > self.retry_policy.attempts or not is_retryable(
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
                response = self.session.request(
                    call.method, _url(self.config, call), data=call.body,
                    headers=_headers(call), timeout=timeout, verify=self.verify,
                    allow_redirects=False, stream=True,
                )
            except requests.RequestException as exc:
                raise _no_answer(call, exc, timeout, started, watchdog.fired) from None
            try:
                report_api_call(call.method, call.endpoint or call.path, started,
                                status=response.status_code)
                return self._read(response, call, deadline, watchdog)
            finally:
                watchdog.stop()
                response.close()

    def _read(self, response: requests.Response, call: Call, deadline: Deadline,
              watchdog: Watchdog) -> Answer:
        status = response.status_code
        if 300 <= status < 400:
            raise LMSBadResponse(_redirect_said(response), action=call.action)
        body = _read_capped(response, deadline, self.config.max_response_bytes, call,
                            watchdog)
        if status == 204 and not call.needs_body:
            return Answer(None, response.headers)
        if status not in SUCCESS_STATUSES:
            if 200 <= status < 300:
                raise LMSBadResponse(f"the LMS answered {status}, which is not a result",
                                     action=call.action)
            said = what_lms_said(status, response.reason, response.headers.get(
                "Content-Type", ""), body, (*call.secrets, call.token or ""))
            raise LMSHTTPError(status, response.headers.get("Retry-After"), said,
                               headers=response.headers, body=body)
        try:
            return Answer(json.loads(body), response.headers)
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


def _redirect_said(response: requests.Response) -> str:
    """Names the host a 3xx pointed to; nothing is sent there."""
    location = response.headers.get(_REFUSED_LOCATION)
    if not location:
        return f"the LMS answered {response.status_code} without a result"
    try:
        host = urlsplit(location).hostname or urlsplit(response.url).hostname or "the LMS"
    except ValueError:  # "http://[oops/": not even a URL
        host = "an unreadable Location"
    return f"the LMS redirected to {host[:100]}; redirects are not followed"


def _read_capped(response: requests.Response, deadline: Deadline, limit: int, call: Call,
                 watchdog: Watchdog) -> bytes:
    """The decoded body, read in chunks: at most ``limit`` bytes and within the deadline."""
    too_large = LMSBadResponse(f"the LMS answer was larger than {limit} bytes",
                               action=call.action)
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise too_large
            if deadline.remaining() <= 0:
                raise LMSHTTPError(None, timed_out=True)
            chunks.append(chunk)
    except requests.exceptions.ContentDecodingError:
        raise LMSBadResponse("the LMS answer could not be decompressed",
                             action=call.action) from None
    except requests.RequestException:
        if watchdog.fired:
            raise LMSHTTPError(None, timed_out=True) from None
        raise LMSHTTPError(None) from None
    return b"".join(chunks)


def _headers(call: Call) -> dict[str, str]:
    headers = {}
    if call.body is not None:
        headers["Content-Type"] = call.content_type
    if call.token is not None:
        headers["Authorization"] = f"Bearer {call.token}"
    if call.idempotency_key is not None:
        headers["Idempotency-Key"] = call.idempotency_key
    return headers


# --- the session ---------------------------------------------------------------------------------


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keeps no cookie and sends none: one session serves every teacher of the app."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


#: Where a 3xx's ``Location`` is kept, out of requests' reach.
_REFUSED_LOCATION = "X-LMS-Export-Refused-Location"


def _set_location_aside(response: requests.Response, **_: Any) -> requests.Response:
    """requests parses a 3xx's ``Location`` even when it follows nothing (to prepare
    ``Response.next``), and a malformed one raises ValueError: moved aside, only we read it."""
    if 300 <= response.status_code < 400 and "Location" in response.headers:
        response.headers[_REFUSED_LOCATION] = response.headers.pop("Location")
    return response


def _new_session() -> requests.Session:
    """A session whose pool keeps connections to the LMS open, that keeps no cookies and
    follows no redirect."""
    session = requests.Session()
    session.cookies = requests.cookies.RequestsCookieJar(policy=_NoCookies())
    session.hooks["response"].append(_set_location_aside)
    adapter = WatchedAdapter(pool_connections=1, pool_maxsize=POOL_SIZE, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"Accept": "application/json",
                            "User-Agent": "lms-export-blueprint"})
    return session


def _read_environment_once(session: requests.Session, config: LMSConfig) -> bool | str:
    """Resolve proxies and CA bundle from the environment now, for the one LMS URL; the verify.

    With ``trust_env`` requests rescans ``os.environ`` (and ~/.netrc) on every call: about
    0.2 ms a call with 35 variables, more in a large environment.
    """
    settings = session.merge_environment_settings(config.api_root, {}, None,
                                                  config.verify_ssl, None)
    session.proxies.update(settings["proxies"])
    session.trust_env = False
    verify: bool | str | None = settings["verify"]
    return config.verify_ssl if verify is None else verify
