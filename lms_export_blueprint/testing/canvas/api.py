"""What every Canvas endpoint shares: the request, JSON answers, errors, ``Link`` pagination."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..reference_lms import LMSResponse
from .params import Params

#: Canvas sends this on a missing, unknown or expired token, and only then
#: (lib/authentication_methods.rb; a 401 without it means "not permitted").
WWW_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="canvas-lms"'}

#: (method, path pattern, endpoint): each endpoint module's table.
Route = tuple[str, str, Callable[..., LMSResponse]]

#: lib/api.rb: PER_PAGE and MAX_PER_PAGE.
PER_PAGE, MAX_PER_PAGE = 10, 100


@dataclass
class Request:
    """One request after parsing; ``user`` is set once its token checked out."""

    method: str
    path: str
    query: str
    params: Params
    headers: dict[str, str]
    base_url: str
    user: dict[str, Any] | None = None


def bearer(headers: dict[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    scheme, _, token = headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> LMSResponse:
    return LMSResponse.json(status, payload, headers)


def error(code: int, message: str, headers: dict[str, str] | None = None,
          status: str | None = None) -> LMSResponse:
    """Canvas's error body: ``{"errors": [{"message": ...}]}``, with a ``status`` word on
    401s (application_controller.rb#render_unauthorized_action)."""
    payload: dict[str, Any] = {"status": status} if status else {}
    return reply(code, {**payload, "errors": [{"message": message}]}, headers)


def invalid(attribute: str, message: str) -> LMSResponse:
    """A model that failed validation: 400 with errors keyed by attribute, not a list
    (config/initializers/active_model_errors.rb, InstructureHashReporter)."""
    return reply(400, {"errors": {attribute: [
        {"attribute": attribute, "type": message, "message": message}]}})


def not_found() -> LMSResponse:
    return error(404, "The specified resource does not exist.")


def not_permitted() -> LMSResponse:
    """application_controller.rb#render_unauthorized_action: 401, no WWW-Authenticate."""
    return error(401, "user not authorized to perform that action", status="unauthorized")


def paginate(request: Request, items: list[Any], *, with_last: bool = True) -> LMSResponse:
    """One page of ``items`` with lib/api.rb's ``Link`` header: current, next, prev, first and
    last in that order, each keeping the query except page, per_page and access_token."""
    per_page = _clamp(request.params.get("per_page"), PER_PAGE, MAX_PER_PAGE)
    page = max(1, _int(request.params.get("page"), 1))
    last = max(1, -(-len(items) // per_page))
    kept = [(k, v) for k, v in _query_pairs(request.query)
            if k not in {"page", "per_page", "access_token", "api_key"}]
    base = f"{request.base_url}{request.path}?" + (urlencode(kept) + "&" if kept else "")
    rels = {"current": page, "next": page + 1 if page < last else None,
            "prev": page - 1 if page > 1 else None, "first": 1,
            "last": last if with_last else None}
    link = ",".join(f'<{base}page={number}&per_page={per_page}>; rel="{rel}"'
                    for rel, number in rels.items() if number is not None)
    start = (page - 1) * per_page
    return reply(200, items[start:start + per_page], {"Link": link})


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def _clamp(value: Any, default: int, maximum: int) -> int:
    """lib/api.rb#per_page_for: the asked number clamped to 1..MAX_PER_PAGE."""
    return min(max(_int(value, default), 1), maximum)


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
