"""The two routes of the flow: start (an authorization URL) and finish (code and state in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from ..schemas import LoginResponseSchema
from ..views import ExportBlueprint, documented_errors, with_host_user

if TYPE_CHECKING:
    from ..extension import LMSExport
    from .canvas import CanvasOAuth

_OPERATIONS = {"start_canvas_oauth": "starting the Canvas connection",
               "finish_canvas_oauth": "connecting Canvas"}
_START_ERRORS = {401: "No or invalid host bearer token",
                 503: "The token store could not record the request"}
_FINISH_ERRORS = {
    401: "No or invalid host bearer token, or Canvas did not authorize (the teacher said no, "
         "no code came, or the code was refused)",
    403: "The state is unknown, expired, already used, or another user's",
    422: "Invalid body: `errors` names the field and why",
    502: "Canvas answered something unreadable, or refused the developer key itself",
    503: "Could not connect to Canvas, or the token store could not keep the connection",
    504: "Canvas took too long to answer",
}
#: Long enough for any code or state Canvas or we give out; anything longer is not ours.
_MAX_PARAMETER = 2048


class AuthorizationSchema(Schema):
    authorization_url = fields.String(required=True, metadata={
        "description": "Open it in a popup: Canvas asks the teacher, then sends the browser to "
                       "LMS_CANVAS_REDIRECT_URI with `code` and `state` (or `error`)"})


class CanvasAnswerSchema(Schema):
    """What Canvas put in the query of the redirect URI, passed on by the frontend."""

    class Meta:
        unknown = RAISE

    state = fields.String(required=True, validate=validate.Length(min=1, max=_MAX_PARAMETER))
    code = fields.String(validate=validate.Length(min=1, max=_MAX_PARAMETER),
                         metadata={"description": "present when the teacher authorized"})
    error = fields.String(validate=validate.Length(min=1, max=_MAX_PARAMETER), metadata={
        "description": "present when they did not (access_denied); wins over a code"})
    error_description = fields.String(validate=validate.Length(max=_MAX_PARAMETER))


def make_oauth_blueprint(extension: LMSExport) -> Blueprint:
    """The flow's routes for one app; registered only when a developer key is set."""
    blp = ExportBlueprint("lms_oauth", __name__, operations=_OPERATIONS,
                          description="Connect a teacher's Canvas account with OAuth2")

    def flow() -> CanvasOAuth:
        oauth = extension.state().oauth
        if oauth is None:  # registered only with a developer key: another app's state?
            raise RuntimeError("This app has no Canvas developer key (LMS_CANVAS_CLIENT_ID)")
        return oauth

    @blp.route("/lms-oauth/start", methods=["POST"])
    @documented_errors(blp, _START_ERRORS)
    @with_host_user(extension)
    @blp.response(200, AuthorizationSchema)
    def start_canvas_oauth(*, user_id: str) -> dict[str, Any]:
        """Start connecting Canvas: the URL of Canvas's consent page for this host user.

        Its `state` is this user's, works once, and expires after ten minutes.
        """
        return {"authorization_url": flow().authorization_url(user_id)}

    @blp.route("/lms-oauth/finish", methods=["POST"])
    @documented_errors(blp, _FINISH_ERRORS)
    @with_host_user(extension)
    @blp.arguments(CanvasAnswerSchema(), example={"state": "…", "code": "…"})
    @blp.response(200, LoginResponseSchema)
    def finish_canvas_oauth(answer: dict[str, Any], *, user_id: str) -> dict[str, Any]:
        """Finish connecting Canvas with what Canvas sent the browser back with.

        Answers as login-lms does; `data.token` is sent as X-LMS-Token and keeps working
        when the server refreshes the Canvas access token behind it.
        """
        if "error" in answer or "code" not in answer:
            flow().refuse(user_id, answer["state"], answer.get("error", "no code"))
        return flow().connect(user_id, answer["state"], answer["code"])

    return blp
