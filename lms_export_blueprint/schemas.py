"""Request, response and error schemas of the routes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)

from .errors import unknown_format_message
from .packages import PACKAGES
from .state import current_extension

#: Longest LMS course id we pass on; ids are path segments, not documents.
MAX_ID_LENGTH = 200


def _encodable(text: str) -> None:
    """A lone surrogate ("\\ud800", legal in JSON) has no UTF-8 form: the LMS could never get it."""
    try:
        text.encode()
    except UnicodeEncodeError:
        raise ValidationError("Not valid Unicode text (it holds a lone surrogate).") from None


class _Text(fields.String):
    """A string that can be sent on as UTF-8."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        validators = kwargs.pop("validate", None) or []
        if callable(validators):
            validators = [validators]
        super().__init__(*args, validate=[_encodable, *validators], **kwargs)


class _StrictSchema(Schema):
    class Meta:
        # A misspelt key ("publsh") must fail loudly, not publish by default.
        unknown = RAISE


class LoginRequestSchema(_StrictSchema):
    """Either body, as ``LMS_PROVIDER`` wants it: ``{email, password}`` for the generic LMS,
    ``{access_token}`` for Canvas (contract section 9); login.py says which one is wrong."""

    email = fields.Email(metadata={"description": "LMS account email (generic LMS)"})
    username = _Text(validate=validate.Length(min=1, max=100),
                     metadata={"description": "Moodle username (LMS_PROVIDER moodle), in place "
                                              "of email"})
    password = _Text(
        load_only=True, validate=validate.Length(min=1, max=1024),
        metadata={"description": "LMS account password (generic LMS); never logged or echoed"},
    )
    access_token = _Text(
        load_only=True, validate=validate.Length(min=1, max=4096),
        metadata={"description": "Canvas access token (LMS_PROVIDER canvas): a personal "
                                 "access token or one from OAuth2; never logged or echoed"},
    )

    @validates_schema
    def _one_body(self, data: dict[str, Any], **_: Any) -> None:
        if "access_token" in data:
            if "email" in data or "password" in data or "username" in data:
                raise ValidationError("send either access_token or email and password, "
                                      "not both", field_name="access_token")
            return
        if "username" in data and "email" in data:
            raise ValidationError("send either username or email, not both",
                                  field_name="username")
        login = "username" if "username" in data else "email"
        missing = {name: ["Missing data for required field."]
                   for name in (login, "password") if name not in data}
        if missing:
            raise ValidationError(missing)


#: The login body each provider takes (contract sections 3 and 9).
LOGIN_FIELDS = {"generic": ("email", "password"), "canvas": ("access_token",),
                "moodle": ("username", "password")}


#: The OpenAPI components that show each provider's login body, by provider.
LOGIN_COMPONENTS = {"generic": "PasswordLogin", "canvas": "AccessTokenLogin",
                    "moodle": "UsernameLogin"}


def document_login_body(spec_schemas: dict[str, Any], provider: str) -> None:
    """Both login bodies as components (``PasswordLogin``, ``AccessTokenLogin``) and the
    route's ``LoginRequest`` as this app's provider takes it (``LoginRequestSchema`` loads
    both; login.py refuses the other provider's with a 422)."""
    body = spec_schemas.get("LoginRequest")
    if body is None:
        return
    for name, fields_kept in LOGIN_FIELDS.items():
        spec_schemas[LOGIN_COMPONENTS[name]] = {
            "type": "object", "additionalProperties": False, "required": list(fields_kept),
            "properties": {key: body["properties"].get(key, {}) for key in fields_kept},
            "description": f"The login body with LMS_PROVIDER {name}"}
    kept = LOGIN_FIELDS[provider]
    body["properties"] = {name: field for name, field in body["properties"].items()
                          if name in kept}
    body["required"] = list(kept)
    body["description"] = (
        "With LMS_PROVIDER generic: {\"email\", \"password\"} (PasswordLogin). With "
        "LMS_PROVIDER canvas: {\"access_token\"} (AccessTokenLogin), a Canvas personal access "
        "token or one from OAuth2. With LMS_PROVIDER moodle: {\"username\", \"password\"} "
        "(UsernameLogin), {\"email\", \"password\"} or {\"access_token\"}. "
        f"This app uses {provider}; another provider's body is a 422.")


class LMSUserSchema(Schema):
    id = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    name = fields.String(allow_none=True)


class LoginDataSchema(Schema):
    token = fields.String(required=True, metadata={"description": "Send as X-LMS-Token"})
    user = fields.Nested(LMSUserSchema, required=True)


class LoginResponseSchema(Schema):
    message = fields.String(required=True)
    data = fields.Nested(LoginDataSchema, required=True)


class _AssetSelectionSchema(_StrictSchema):
    """The assets a push or a package takes: which ones, in order, and of what types."""

    asset_names = fields.List(
        _Text(validate=validate.Length(min=1, max=500)),
        required=True, validate=validate.Length(min=1, max=1000),
        metadata={"description": "Assets of the course, in this order; no duplicates",
                  "uniqueItems": True},
    )
    asset_type = fields.List(
        _Text(validate=validate.Length(min=1)), load_default=None, allow_none=True,
        metadata={"description": "Types the named assets must have (a set, not a parallel "
                                 "list); an asset of another type is refused with 422"},
    )

    @validates("asset_names")
    def _no_duplicates(self, asset_names: list[str], **_: Any) -> None:
        repeated = sorted(name for name, count in Counter(asset_names).items() if count > 1)
        if repeated:
            raise ValidationError(f"Duplicate asset names: {', '.join(repeated)}.")


class PushRequestSchema(_AssetSelectionSchema):
    lms_course_id = _Text(
        load_default=None, allow_none=True,
        validate=[validate.Length(min=1, max=MAX_ID_LENGTH),
                  validate.NoneOf([".", ".."], error="Not an LMS course id.")],
        metadata={"description": "Existing LMS course to update; omitted or null creates one"},
    )
    publish = fields.Boolean(load_default=True)
    module = _Text(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=255),
        metadata={"description": "A place in the LMS course for the pushed items, in asset "
                                 "order (a Canvas module, a Moodle section, a Classroom topic), "
                                 "found by name or created; an LMS without such places ignores "
                                 "it with a warning"},
    )
    export_format = _Text(
        load_default="lms_standard",
        metadata={"description": "A registered export format"},
    )

    @validates("export_format")
    def _registered_format(self, export_format: str, **_: Any) -> None:
        formats = current_extension().formats
        if export_format not in formats:  # a lookup; the sorted list only for the message
            raise ValidationError(unknown_format_message(export_format, formats.names))


class PackageRequestSchema(_AssetSelectionSchema):
    package = fields.String(
        required=True, validate=validate.OneOf(list(PACKAGES)),
        metadata={"description": "imscc: IMS Common Cartridge 1.1; qti: QTI 1.2 zip for "
                                 "Canvas; moodle_xml: Moodle XML; gift: Moodle GIFT text"},
    )


class ExportedAssetSchema(Schema):
    asset_name = fields.String(required=True)
    lms_content_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, metadata={"description": "'success'"})


class PushDataSchema(Schema):
    lms_course_id = _Text(required=True)
    lms_content_ids = fields.List(
        fields.String(allow_none=True), required=True,
        metadata={"description": "As the LMS returned them, in asset order; null where none"},
    )
    exported_assets = fields.List(fields.Nested(ExportedAssetSchema), required=True)
    warnings = fields.List(fields.String(), required=True, metadata={
        "description": "What the LMS could not hold as sent (a setting it lacks, a conversion "
                       "it forced), each naming its asset; empty when nothing was lost"})


class PushResponseSchema(Schema):
    success = fields.Boolean(required=True)
    message = fields.String(required=True)
    data = fields.Nested(PushDataSchema, required=True)


class LMSExportErrorSchema(Schema):
    detail = fields.String(required=True, metadata={"description": "One readable sentence"})
    errors = fields.Dict(metadata={"description": "Field-by-field messages (422 only)"})
    data = fields.Dict(metadata={"description": "A push that failed part way: "
                                                "`exported_assets`, each asset's status"})


class JobAcceptedSchema(Schema):
    job_id = fields.String(required=True, metadata={"description": "Unguessable; poll "
                                                    "GET {prefix}/lms-exports/{job_id}"})
    status = fields.String(required=True, metadata={
        "description": "'queued'; or, for an Idempotency-Key sent before, that job's status"})


class JobProgressSchema(Schema):
    done = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={
        "description": "LMS requests (Canvas: questions and pages; the generic API: one), or "
                       "assets for a package"})


class JobStatusSchema(Schema):
    job_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(
        ["queued", "running", "succeeded", "failed"]))
    progress = fields.Nested(JobProgressSchema, required=True)
    result = fields.Dict(required=True, allow_none=True, metadata={
        "description": "The 200 body of the synchronous call; a package job's links its file "
                       "(`data.file`)"})
    error = fields.Dict(required=True, allow_none=True, metadata={
        "description": "The error body of the synchronous call, with `status` (int); a 429 "
                       "sent with Retry-After adds `retry_after` (the header's value)"})
