"""CanvasAPI: calls to ``/api/v1`` and ``/api/quiz/v1`` over the shared transport.

Here live the parts every Canvas call shares: the access token behind X-LMS-Token (and its
refresh), pacing by the throttle's budget, Canvas's reading of failures, and ``Link`` pagination.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import requests

from ...answers import on_origin
from ...bodies import json_bytes
from ...config import LMSConfig
from ...errors import LMSBadResponse, LMSError, LMSMockMode, LMSTokenInvalid
from ...masking import mask_token
from ...transport import Answer, Call, Transport
from ..ledger import MaybeMade
from .errors import CanvasDialect
from .pacing import Pacer
from .tokens import CanvasTokens
from .uploads import upload_file

logger = logging.getLogger(__name__)

#: lib/api.rb: ``Api::MAX_PER_PAGE = 100`` and ``per_page_for`` clamps ``per_page`` to it, so
#: a page never holds more; the most per page is the fewest requests.
PER_PAGE = 100
#: Lists longer than this many pages are cut: a loop of ``next`` links must end.
MAX_PAGES = 100

_DIALECT = CanvasDialect()


class CanvasAPI:
    """One Canvas instance, reached through the app's transport."""

    def __init__(self, config: LMSConfig, transport: Transport,
                 oauth: Callable[[], CanvasTokens | None]) -> None:
        self.config = config
        self.transport = transport
        self.pacer = Pacer(config.deadline)
        self._oauth = oauth

    def call(self, method: str, path: str, lms_token: str, *, body: Any = None,
             action: str = "export", repeat_safe: bool | None = None,
             timeout: float | None = None, once: bool = False,
             errors: Mapping[int, type[LMSError]] | None = None,
             max_bytes: int | None = None, needs_body: bool = True) -> Answer:
        """``method path`` as the teacher behind ``lms_token``; an expired OAuth2 access token
        (401 with ``WWW-Authenticate``) is refreshed once and the call sent again. ``once``:
        a 503 or a lost answer is not resent here (the caller looks first). ``needs_body``
        False: a 204 is the answer."""
        if self.config.mock_mode:
            raise LMSMockMode()
        oauth = self._oauth()
        call = Call(
            method, path, timeout or self.config.timeout,
            # A POST that creates is not repeated after a lost answer; the rest are safe.
            repeat_safe=method != "POST" if repeat_safe is None else repeat_safe,
            action=action,
            token=oauth.access_token_for(lms_token) if oauth is not None else lms_token,
            # Made once: every retry resends these bytes. Canvas reads a JSON body as params
            # (ActionDispatch's JSON params parser), as it reads form keys.
            body=json_bytes(body) if body is not None else None, status_errors=errors or {},
            secrets=(lms_token,), root=self.config.root, dialect=_DIALECT,
            endpoint=endpoint_of(path), max_bytes=max_bytes, needs_body=needs_body)
        if once:
            # a create answered 503 may have been made: sent again only after looking
            # (creating.py), never blindly
            call = replace(call, resend=False,
                           status_errors={503: MaybeMade, **call.status_errors})
        try:
            return self._send(call)
        except LMSTokenInvalid:
            fresh = oauth.refresh(lms_token) if oauth is not None else None
            if fresh is None:
                raise
            logger.info("Canvas access token behind %s refreshed", mask_token(lms_token))
            return self._send(replace(call, token=fresh))

    def upload(self, upload_url: str, params: Mapping[str, str], file_name: str, data: bytes,
               media_type: str, lms_token: str) -> Answer:
        """Upload steps 2 and 3 (uploads.py): the bytes to ``upload_url`` with no token, the
        confirmation on this Canvas with the teacher's access token."""
        oauth = self._oauth()
        return upload_file(
            self.transport, upload_url=upload_url, params=params, file_name=file_name,
            content=data, media_type=media_type, lms_origin=self.config.root or "",
            token=oauth.access_token_for(lms_token) if oauth is not None else lms_token,
            timeout=self.config.timeout)

    def items(self, path: str, lms_token: str, *, action: str = "export") -> Iterator[Any]:
        """The items of a Canvas list, a page at a time, following ``Link: rel="next"``
        (lib/api.rb#paginate).

        Lazy: a caller that finds what it seeks stops, and no further page is asked for; a
        caller that filters keeps only what it filters. One listing is capped like one answer:
        ``LMS_MAX_RESPONSE_BYTES`` over all its pages, ``MAX_PAGES`` pages of at most
        ``PER_PAGE`` items each; past a cap it is a 502, never a larger read.
        """
        budget = self.config.max_response_bytes
        target: str | None = f"{path}{'&' if '?' in path else '?'}per_page={PER_PAGE}"
        for _ in range(MAX_PAGES):
            if target is None:
                return
            answer = self._page(target, lms_token, action, budget)
            budget -= answer.size
            yield from answer.body
            target = self._next_page(answer.headers)
        if target is not None:
            raise LMSBadResponse(f"the Canvas list at {path} ran past {MAX_PAGES} pages",
                                 action=action)

    def _page(self, target: str, lms_token: str, action: str, budget: int) -> Answer:
        """One page of a listing, read within what is left of the listing's byte budget."""
        if budget <= 0:
            raise LMSBadResponse("the Canvas list was larger than "
                                 f"{self.config.max_response_bytes} bytes", action=action)
        answer = self.call("GET", target, lms_token, action=action, max_bytes=budget)
        if not isinstance(answer.body, list):
            raise LMSBadResponse("the Canvas list answer was not a list", action=action)
        if len(answer.body) > PER_PAGE:
            # Api.per_page_for clamps per_page to MAX_PER_PAGE: more is not Canvas talking
            raise LMSBadResponse(f"a Canvas list page held more than {PER_PAGE} items",
                                 action=action)
        return answer

    def _send(self, call: Call) -> Answer:
        """One call, paced by what Canvas last said of this token's budget."""
        access = call.token or ""
        self.pacer.wait_turn(access)
        answer = None
        try:
            answer = self.transport.exchange(call)
        finally:
            self.pacer.heard(access, answer.headers if answer is not None else None)
        return answer

    def _next_page(self, headers: Mapping[str, str]) -> str | None:
        """The ``next`` link's path and query, only on this Canvas (a link elsewhere is not
        followed: the token would go with it)."""
        links = requests.utils.parse_header_links(headers.get("Link", ""))
        url = next((link.get("url") for link in links if link.get("rel") == "next"), None)
        if not url:
            return None
        if on_origin(url, self.config.root) is None:
            raise LMSBadResponse("Canvas's next page link points to another host or cannot "
                                 "be read")
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def endpoint_of(path: str) -> str:
    """``path`` as a metric label: no query, ids and page urls as placeholders, so one
    label stands for every course and quiz (``/api/v1/courses/{id}/quizzes/{id}/questions``)."""
    path = _PAGE_URL.sub("/pages/{url}", path.partition("?")[0])
    return _ID_SEGMENT.sub("/{id}", path)


_PAGE_URL = re.compile(r"/pages/[^/]+")
_ID_SEGMENT = re.compile(r"/\d+(?=/|$)")


def as_id(value: Any, what: str) -> str:
    """A Canvas id (an integer in /api/v1, a string of digits in New Quizzes) as our string;
    anything else (``".."``, a path, an object) is a 502 and never reaches a later URL."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _PLAIN_ID.fullmatch(
            str(value)):
        raise LMSBadResponse(f"the Canvas answer had no usable {what}")
    return str(value)


def as_page_url(value: Any, what: str) -> str:
    """A page's ``url``: the slug wiki_page.rb makes from the title (letters, digits, ``-``
    and ``_``); anything else is a 502."""
    if not isinstance(value, str) or not _PLAIN_SLUG.fullmatch(value):
        raise LMSBadResponse(f"the Canvas answer had no usable {what}")
    return value


def field_of(answer: Answer, name: str, what: str) -> str:
    body = answer.body
    if not isinstance(body, dict):
        raise LMSBadResponse(f"the Canvas {what} answer was not an object")
    if name == "url":
        return as_page_url(body.get(name), f"{what} {name}")
    return as_id(body.get(name), f"{what} {name}")


_PLAIN_ID = re.compile(r"[0-9]{1,20}")
_PLAIN_SLUG = re.compile(r"[\w-]{1,255}")
