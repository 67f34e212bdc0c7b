"""One exception hierarchy; each error knows its HTTP status and readable detail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class LMSConfigError(ValueError, RuntimeError):
    """A config value, or a set-up, that could not work: raised by ``init_app`` at start-up.

    A ``ValueError``, as every config problem is (docs/configuration.md); also a
    ``RuntimeError``, which some start-up checks raised before it existed.
    """


class LMSExportError(Exception):
    """Base class: ``status`` and ``detail`` become the JSON error response."""

    status: int = 500
    detail: str = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.detail = detail or self.detail
        self.errors = _string_keys(errors) if errors else None
        self.headers = dict(headers) if headers else {}
        #: Set where a failure has more to say, e.g. ``{"exported_assets": [...]}`` of a push
        #: that failed part way (docs/failure-behaviour.md).
        self.data: dict[str, Any] | None = None
        super().__init__(self.detail)

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"detail": self.detail}
        if self.errors is not None:
            body["errors"] = self.errors
        if self.data is not None:
            body["data"] = self.data
        return body


def _string_keys(messages: Any) -> Any:
    """marshmallow keys a list's item errors by int index, its own errors by "_schema"; JSON
    with sorted keys cannot mix the two, so every key becomes a string."""
    if isinstance(messages, Mapping):
        return {str(key): _string_keys(value) for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [_string_keys(value) for value in messages]
    return messages


# --- problems with the incoming request -------------------------------------------------------


class HostAuthRequired(LMSExportError):
    status = 401
    detail = "Missing or invalid Authorization bearer token"


class RequestInvalid(LMSExportError):
    """422: the body failed validation; ``errors`` holds field-by-field messages."""

    status = 422
    detail = "Invalid request body"

    @classmethod
    def from_messages(cls, messages: Mapping[str, Any]) -> RequestInvalid:
        field_path, reason = _first_error(messages)
        return cls(f"Invalid request body: {field_path}: {reason}", errors=messages)


class LMSTokenMissing(LMSExportError):
    status = 401
    detail = "Missing X-LMS-Token header: log in to the LMS first"


class MockTokenRejected(LMSExportError):
    status = 400
    detail = "Invalid or expired LMS token"


class CourseNotFound(LMSExportError):
    status = 404
    detail = "Course not found"


class AssetsNotFound(LMSExportError):
    status = 404

    def __init__(self, asset_names: Iterable[str]) -> None:
        self.asset_names = list(asset_names)
        super().__init__(f"Assets not found: {', '.join(self.asset_names)}")


class InvalidAssetData(LMSExportError):
    """422: an asset's content cannot be exported; nothing is pushed."""

    status = 422

    def __init__(self, asset_name: str, field_path: str, reason: str) -> None:
        self.asset_name = asset_name
        self.field_path = field_path
        self.reason = reason
        where = f"{asset_name}: {field_path}" if field_path else asset_name
        super().__init__(
            f"Invalid asset data: {where}: {reason}",
            errors={"assets": {asset_name: {field_path or "asset_content": [reason]}}},
        )


class LoginBodyInvalid(RequestInvalid):
    """422: the login body is not the one the configured LMS takes."""

    def __init__(self, reason: str, field: str) -> None:
        super().__init__(f"Invalid request body: {field}: {reason}", errors={field: [reason]})


class UnsupportedQuestionType(RequestInvalid):
    """422: a question type the target (a format, a package, an LMS or its quiz engine) cannot
    hold, named with the target; nothing is sent or built."""

    def __init__(self, asset_name: str, question_type: str, target: str) -> None:
        self.question_type = question_type
        self.target = target
        reason = f"question type '{question_type}' cannot go to {target}"
        super().__init__(f"Invalid asset data: {asset_name}: {reason}",
                         errors={"assets": {asset_name: {"questions": [reason]}}})


class ConfigMissing(RequestInvalid):
    """422: this push needs a config key the app does not set; nothing is sent."""

    def __init__(self, key: str, why: str) -> None:
        super().__init__(f"Invalid request: {why}: set {key} or send lms_course_id",
                         errors={"lms_course_id": [f"required while {key} is unset"]})


class UnknownExportFormat(LMSExportError):
    status = 422

    def __init__(self, name: str, known: Iterable[str]) -> None:
        message = unknown_format_message(name, known)
        super().__init__(f"Invalid request body: export_format: {message}",
                         errors={"export_format": [message]})


class PushInProgress(LMSExportError):
    """409: a push with this user's Idempotency-Key is still running; nothing was sent."""

    status = 409
    detail = ("A push with this Idempotency-Key is still running; wait for its answer, or "
              "retry after Retry-After seconds")

    def __init__(self, retry_after: int) -> None:
        super().__init__(headers={"Retry-After": str(max(1, retry_after))})


class StoreUnavailable(LMSExportError):
    """503: the shared store (token store, retry ledger, job records) cannot be read or
    written; nothing more is sent to the LMS, since a retry could not know what landed."""

    status = 503
    detail = ("The shared store is unavailable (the retry ledger could not be read or "
              "written); nothing more was sent to the LMS")


# --- failures of the LMS -----------------------------------------------------------------------


class LMSError(LMSExportError):
    """The LMS refused, failed or could not be reached."""

    status = 502


class LMSCredentialsRejected(LMSError):
    status = 401
    detail = "LMS rejected the email or password"


class LMSTokenInvalid(LMSError):
    status = 401
    detail = "LMS token expired or invalid"


class LMSForbidden(LMSError):
    status = 403
    detail = "Insufficient permissions for LMS operation"


class LMSCourseNotFound(LMSError):
    status = 404
    detail = "LMS course not found"


class LMSRateLimited(LMSError):
    status = 429
    detail = "LMS rate limit reached - try again later"

    def __init__(self, retry_after: str | None = None) -> None:
        super().__init__(headers={"Retry-After": retry_after} if retry_after else None)


class LMSUnavailable(LMSError):
    status = 503
    detail = "Connection error - Could not connect to LMS server"


class LMSMockMode(LMSUnavailable):
    """No ``LMS_BASE_URL``: there is no LMS to ask, so nothing is tried."""

    detail = ("LMS export is in mock mode (no LMS_BASE_URL configured): only mock logins "
              "work and nothing can be sent to an LMS")


class LMSTimeout(LMSError):
    status = 504
    detail = "Request timeout - LMS server took too long to respond"


class LMSBadResponse(LMSError):
    """502: the LMS answered with an error we cannot pass on, or an unreadable answer."""

    status = 502

    def __init__(self, what_lms_said: str, *, action: str = "export") -> None:
        self.what_lms_said = what_lms_said
        super().__init__(f"LMS {action} failed: {what_lms_said}")


def unknown_format_message(name: str, known: Iterable[str]) -> str:
    return f"Unknown export format '{name}'. Known formats: {', '.join(sorted(known))}"


def _first_error(messages: Any) -> tuple[str, str]:
    """The dotted path and text of the first message in marshmallow's nested errors."""
    path: list[str] = []
    while isinstance(messages, (list, tuple, dict)) and messages:
        if isinstance(messages, dict):
            key, messages = next(iter(messages.items()))
            path.append(str(key))
        else:
            messages = messages[0]
    return ".".join(path) or "body", str(messages)
