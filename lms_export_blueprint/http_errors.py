"""Turns our exceptions, and HTTP errors raised on our routes, into JSON error bodies."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import flask
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .errors import LMSExportError, RequestInvalid
from .state import EXTENSION_NAME

logger = logging.getLogger(__name__)

ErrorResponse = tuple[dict[str, Any], int, dict[str, str]]


class JSONBodyParser(FlaskParser):
    """webargs' parser, but a body that is not JSON is a 422 that says so, and a schema with
    a ``load_canonical(body)`` loads a body in its canonical shape itself."""

    def parse(self, argmap: Any, req: flask.Request | None = None, *,
              location: str | None = None, **kwargs: Any) -> Any:
        load_canonical = getattr(argmap, "load_canonical", None)
        if load_canonical is not None and (location or self.location) == "json" \
                and not kwargs.get("validate"):
            body = self.load_json(req if req is not None else self.get_default_request(), argmap)
            loaded = load_canonical(body)
            if loaded is not None:
                return loaded
        # Any other body: the schema loads it and words every error.
        return super().parse(argmap, req, location=location, **kwargs)

    def _raw_load_json(self, req: flask.Request) -> Any:
        _refuse_cut_body(req)
        if not is_json_request(req) and req.get_data(cache=True):
            raise RequestInvalid("Request body must be JSON (Content-Type: application/json)",
                                 errors={"json": ["Not a JSON body."]})
        try:
            return super()._raw_load_json(req)
        except RecursionError:  # "[[[[..." deeper than Python's json can decode
            raise RequestInvalid("Request body is not valid JSON: nested too deeply",
                                 errors={"json": ["JSON nested too deeply."]}) from None

    def _handle_invalid_json_error(self, error: Exception, req: flask.Request,
                                   *args: Any, **kwargs: Any) -> Any:
        raise RequestInvalid("Request body is not valid JSON",
                             errors={"json": ["Invalid JSON body."]})


def _refuse_cut_body(req: flask.Request) -> None:
    """A chunked body (no Content-Length) longer than MAX_CONTENT_LENGTH is a 413.

    Werkzeug reads such a body only up to the limit and hands over the cut part as if it
    were all (``LimitedStream`` with ``is_max``): whether more follows is read here.
    """
    limit = req.max_content_length
    if req.content_length is not None or limit is None:
        return
    if len(req.get_data(cache=True)) >= limit and req.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()


#: ``error_body(error, body) -> body``: the host's hook on every error body of our routes
#: (``LMSExport.error_body``).
ErrorBodyHook = Callable[[Exception, dict[str, Any]], Mapping[str, Any]]


def handle_export_error(error: LMSExportError) -> ErrorResponse:
    return shaped(error, error.to_body()), error.status, error.headers


def shaped(error: Exception, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` as the host's ``error_body`` hook shapes it; unshaped without a hook, or when
    the hook fails (logged: an error answer must not become a bare 500 page)."""
    extension = flask.current_app.extensions.get(EXTENSION_NAME)
    hook = getattr(extension, "error_body_hook", None)
    if hook is None:
        return body
    try:
        shaped_body = hook(error, dict(body))
    except Exception:
        logger.exception("The error_body hook failed; the error body is sent unshaped")
        return body
    if not isinstance(shaped_body, Mapping):
        logger.error("The error_body hook returned a %s, not a mapping; the error body is "
                     "sent unshaped", type(shaped_body).__name__)
        return body
    return dict(shaped_body)


def handle_http_exception(error: HTTPException) -> ErrorResponse:
    """webargs' 422 keeps its field messages; any other HTTP error gets a ``detail``."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if error.code == 422 and isinstance(messages, dict):
        fields = messages.get("json", messages)
        return handle_export_error(RequestInvalid.from_messages(fields))
    detail = error.description or error.name
    return (shaped(error, {"detail": detail}), error.code or 500,
            dict(data.get("headers") or {}))


def internal_error_naming(operations: Mapping[str, str]) -> Callable[[HTTPException],
                                                                       ErrorResponse]:
    """A 500 handler whose detail names the operation of the view that failed.

    :param operations: view function name -> what it does, e.g. ``"logging in to the LMS"``.
    """
    def handle_internal_error(error: HTTPException) -> ErrorResponse:
        # Flask has logged the original exception; the client gets no internals.
        view = (flask.request.endpoint or "").rpartition(".")[2]
        operation = operations.get(view, "handling the request")
        return shaped(error, {"detail": f"Internal error while {operation}"}), 500, {}
    return handle_internal_error
