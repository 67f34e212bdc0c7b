"""The two routes of the flow: start (an authorization URL) and finish (code and state in).

One pair per app, for the app's provider's flow; the LMS's name goes into their descriptions
and operation names (``start_canvas_oauth``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from ..schemas import LoginResponseSchema
from ..views import ExportBlueprint, documented_errors, with_host_user

if TYPE_CHECKING:
    from ..extension import LMSExport
    from .flow import OAuthFlow

_START_ERRORS = {401: "No or invalid host bearer token",
                 503: "The token store could not record the request"}
View = TypeVar("View", bound=Callable[..., Any])


def _finish_errors(lms: str) -> dict[int, str]:
    return {
        401: f"No or invalid host bearer token, or {lms} did not authorize (the teacher said "
             "no, no code came, or the code was refused)",
        403: "The state is unknown, expired, already used, or another user's",
        422: "Invalid body: `errors` names the field and why",
        502: f"{lms} answered something unreadable, or refused the app's client itself",
        503: f"Could not connect to {lms}, or the token store could not keep the connection",
        504: f"{lms} took too long to answer",
    }


def _named(name: str) -> Callable[[View], View]:
    """The view under ``name``: its endpoint and its operation in the OpenAPI document."""
    def rename(view: View) -> View:
        view.__name__ = view.__qualname__ = name
        return view
    return rename
#: Long enough for any code or state Canvas or we give out; anything longer is not ours.
_MAX_PARAMETER = 2048


class AuthorizationSchema(Schema):
    authorization_url = fields.String(required=True, metadata={
        "description": "Open it in a popup: the LMS asks the teacher, then sends the browser "
                       "to the redirect URI with `code` and `state` (or `error`)"})


class AuthorizationAnswerSchema(Schema):
    """What the LMS put in the query of the redirect URI, passed on by the frontend."""

    class Meta:
        unknown = RAISE

    state = fields.String(required=True, validate=validate.Length(min=1, max=_MAX_PARAMETER))
    code = fields.String(validate=validate.Length(min=1, max=_MAX_PARAMETER),
                         metadata={"description": "present when the teacher authorized"})
    error = fields.String(validate=validate.Length(min=1, max=_MAX_PARAMETER), metadata={
        "description": "present when they did not (access_denied); wins over a code"})
    error_description = fields.String(validate=validate.Length(max=_MAX_PARAMETER))


def make_oauth_blueprint(extension: LMSExport, lms: str) -> Blueprint:
    """The flow's routes for one app; registered only when an OAuth client is configured."""
    start_name, finish_name = f"start_{lms.lower()}_oauth", f"finish_{lms.lower()}_oauth"
    blp = ExportBlueprint("lms_oauth", __name__, operations={
        start_name: f"starting the {lms} connection", finish_name: f"connecting {lms}"},
        description=f"Connect a teacher's {lms} account with OAuth2")

    def flow() -> OAuthFlow:
        oauth = extension.state().oauth
        if oauth is None:  # registered only with a client: another app's state?
            raise RuntimeError(f"This app has no {lms} OAuth client configured")
        return oauth

    @blp.route("/lms-oauth/start", methods=["POST"])
    @documented_errors(blp, _START_ERRORS)
    @with_host_user(extension)
    @blp.response(200, AuthorizationSchema)
    @_named(start_name)
    def start(*, user_id: str) -> dict[str, Any]:
        """Start connecting: the URL of the LMS's consent page for this host user.

        Its `state` is this user's, works once, and expires after ten minutes.
        """
        return {"authorization_url": flow().authorization_url(user_id)}

    @blp.route("/lms-oauth/finish", methods=["POST"])
    @documented_errors(blp, _finish_errors(lms))
    @with_host_user(extension)
    @blp.arguments(AuthorizationAnswerSchema(), example={"state": "…", "code": "…"})
    @blp.response(200, LoginResponseSchema)
    @_named(finish_name)
    def finish(answer: dict[str, Any], *, user_id: str) -> dict[str, Any]:
        """Finish connecting with what the LMS sent the browser back with.

        Answers as login-lms does; `data.token` is sent as X-LMS-Token and keeps working
        when the server refreshes the access token behind it.
        """
        if "error" in answer or "code" not in answer:
            flow().refuse(user_id, answer["state"], answer.get("error", "no code"))
        return flow().connect(user_id, answer["state"], answer["code"])

    return blp
