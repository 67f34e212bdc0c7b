"""The extension's smorest Blueprint and its views: parse, call, answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from marshmallow import Schema

from .export import push_to_lms
from .jobs import find_job, job_file, queue_package, queue_push, status_body
from .jobs.records import JobRecord, StoredFile
from .login import login_to_lms
from .packages import PACKAGES, WARNINGS_HEADER, PackageFile, export_package
from .packages.warnings import header_value
from .schemas import (
    JobAcceptedSchema,
    JobStatusSchema,
    LoginResponseSchema,
    PackageRequestSchema,
    PushRequestSchema,
    PushResponseSchema,
)
from .views import ExportBlueprint, documented_errors, with_host_user

if TYPE_CHECKING:
    from .extension import LMSExport

_COMMON_ERRORS = {
    401: "No or invalid host bearer token, or the LMS refused the credentials or token",
    413: "Body larger than MAX_CONTENT_LENGTH",
    422: "Invalid body: `errors` lists each field and why",
    502: "The LMS failed or answered something unreadable",
    503: "Could not connect to the LMS",
    504: "The LMS took too long to answer",
}
_PUSH_ERRORS = {
    400: "X-LMS-Token is a mock-mode token",
    403: "The LMS refused the operation for this account",
    404: "Course, asset(s) or LMS course not found",
    429: "The LMS is rate limiting; see Retry-After",
}
_PACKAGE_ERRORS = {
    401: "No or invalid host bearer token",
    404: "Course or asset(s) not found",
    413: _COMMON_ERRORS[413],
    422: "Invalid body, an asset of another type than asked, or asset content that fails "
         "validation",
}
_PACKAGE_ANSWER = {
    "description": "The package file. `Content-Disposition` names it after the course; "
                   f"`{WARNINGS_HEADER}` says what was dropped or converted",
    "headers": {
        "Content-Disposition": {"schema": {"type": "string"}, "description":
                                "attachment; filename=\"<course>.<ext>\"; filename*=UTF-8''..."},
        WARNINGS_HEADER: {"schema": {"type": "string"}, "description":
                          "'; '-separated; non-ASCII characters percent-encoded (UTF-8)"},
    },
    "content": {media_type: {"schema": {"type": "string", "format": "binary"}}
                for media_type in dict.fromkeys(kind.content_type.split(";")[0]
                                                  for kind in PACKAGES.values())},
}


_JOB_ERRORS = {401: "No or invalid host bearer token",
               404: "No such job for this user (another user's job is not shown), or no file",
               503: "The shared store of job records (Redis) is unavailable"}
_PREFER = {"in": "header", "name": "Prefer", "required": False, "schema": {"type": "string"},
           "description": "`respond-async`: answer 202 once every check passed and run the "
                          "rest as a job (docs/jobs.md)"}
_ACCEPTED = "Queued as a job: poll the `Location` (`{prefix}/lms-exports/{job_id}`)"

#: What each view does, for the detail of its 500.
_OPERATIONS = {"login_lms": "logging in to the LMS", "push_course": "exporting to the LMS",
               "export_job": "reading an export job", "export_job_file": "reading an export job"}


def make_blueprint(extension: LMSExport, login_schema: Schema) -> Blueprint:
    """A fresh Blueprint for one app, whose views serve ``extension``; ``login_schema`` is
    the login body of the app's provider (``schemas.login_schema``)."""
    blp = ExportBlueprint("lms_export", __name__, operations=_OPERATIONS,
                          description="Send course content to an LMS")

    # Schema instances, not classes: given a class, webargs builds a new schema per request.
    @blp.route("/login-lms", methods=["POST"])
    @documented_errors(blp, _COMMON_ERRORS)
    @with_host_user(extension)
    @blp.arguments(login_schema)
    @blp.response(200, LoginResponseSchema)
    def login_lms(credentials: dict[str, Any], *, user_id: str) -> dict[str, Any]:
        """Sign in to the LMS and get an LMS token.

        The body is one the app's provider takes (`LoginRequest` says which). Without
        `LMS_BASE_URL` the extension is in mock mode and returns a mock token.
        """
        return login_to_lms(extension.state(), user_id, credentials)

    @blp.route("/courses/<course_id>/push-to-lms", methods=["POST"])
    @documented_errors(blp, {**_COMMON_ERRORS, **_PUSH_ERRORS})
    @blp.doc(parameters=[
        {"in": "header", "name": "X-LMS-Token", "required": True, "schema": {"type": "string"},
         "description": "The token from login-lms"},
        {"in": "header", "name": "Idempotency-Key", "required": False,
         "schema": {"type": "string"},
         "description": "Send the same key when retrying a push: the LMS course is created once"},
        _PREFER,
    ])
    @blp.alt_response(202, schema=JobAcceptedSchema, description=_ACCEPTED)
    @with_host_user(extension)
    @blp.arguments(PushRequestSchema(), example={"asset_names": ["quiz1"], "asset_type": ["quiz"],
                                               "publish": True, "export_format": "lms_standard"})
    @blp.response(200, PushResponseSchema)
    def push_course(push: dict[str, Any], *, course_id: str,
                    user_id: str) -> ResponseReturnValue:
        """Format the named assets and push them to the LMS as a new course or into an existing one."""  # noqa: E501
        state = extension.state()
        if _prefers_async():
            return _accepted(queue_push(
                state.jobs, state, user_id=user_id, course_id=course_id, push=push,
                lms_token=request.headers.get("X-LMS-Token"),
                idempotency_key=request.headers.get("Idempotency-Key")),
                state.config.url_prefix)
        # success_body is already in PushResponseSchema's shape; a Response skips smorest's
        # schema dump of it, half the Python calls of a 1,000-asset push.
        return current_app.json.response(push_to_lms(
            state, user_id=user_id, course_id=course_id, push=push,
            lms_token=request.headers.get("X-LMS-Token"),
            idempotency_key=request.headers.get("Idempotency-Key"),
        ))

    @blp.route("/courses/<course_id>/export-package", methods=["POST"])
    @documented_errors(blp, _PACKAGE_ERRORS)
    @blp.doc(responses={"200": _PACKAGE_ANSWER}, parameters=[_PREFER])
    @blp.alt_response(202, schema=JobAcceptedSchema, description=_ACCEPTED)
    @with_host_user(extension)
    @blp.arguments(PackageRequestSchema(), example={"asset_names": ["quiz1", "notes1"],
                                                  "package": "imscc"})
    def export_course_package(selection: dict[str, Any], *, course_id: str,
                              user_id: str) -> ResponseReturnValue:
        """Download the named assets as a file to import into an LMS by hand: no LMS call.

        The body's `package` names the kind of file (`PackageRequest` describes each).
        """
        state = extension.state()
        if _prefers_async():
            return _accepted(queue_package(
                state.jobs, state, user_id=user_id, course_id=course_id, selection=selection,
                idempotency_key=request.headers.get("Idempotency-Key")),
                state.config.url_prefix)
        return _file_response(export_package(
            state.loaders, PACKAGES[selection["package"]], course_id=course_id,
            request=selection))

    @blp.route("/lms-exports/<job_id>", methods=["GET"])
    @documented_errors(blp, _JOB_ERRORS)
    @with_host_user(extension)
    @blp.response(200, JobStatusSchema)
    def export_job(job_id: str, *, user_id: str) -> ResponseReturnValue:
        """Status, progress and the result or error of a job started with `Prefer: respond-async`."""  # noqa: E501
        # A Response: the result goes out exactly as the synchronous call would have sent it.
        record = find_job(extension.jobs(), user_id, job_id)
        return current_app.json.response(status_body(record))

    @blp.route("/lms-exports/<job_id>/file", methods=["GET"])
    @documented_errors(blp, _JOB_ERRORS)
    @blp.doc(responses={"200": _PACKAGE_ANSWER})
    @with_host_user(extension)
    def export_job_file(job_id: str, *, user_id: str) -> Response:
        """The file a succeeded package job built."""
        return _file_response(job_file(extension.jobs(), user_id, job_id))

    return blp


def _prefers_async() -> bool:
    """``Prefer: respond-async`` (RFC 7240), among other preferences or alone."""
    preferences = ",".join(request.headers.getlist("Prefer"))
    return any(item.split(";")[0].split("=")[0].strip().lower() == "respond-async"
               for item in preferences.split(","))


def _accepted(record: JobRecord, url_prefix: str) -> ResponseReturnValue:
    body = current_app.json.response({"job_id": record.job_id, "status": record.status})
    return body, 202, {"Location": f"{url_prefix}/lms-exports/{record.job_id}",
                       "Preference-Applied": "respond-async"}


def _file_response(package: PackageFile | StoredFile) -> Response:
    response = current_app.response_class(package.data, content_type=package.content_type)
    response.headers["Content-Disposition"] = package.content_disposition
    # The course's content is the teacher's: no shared cache keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    if package.warnings:
        response.headers[WARNINGS_HEADER] = header_value(package.warnings)
    return response
