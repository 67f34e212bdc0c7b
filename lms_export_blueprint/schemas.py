"""Request, response and error schemas of the routes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from .bodies import sendable
from .errors import unknown_format_message
from .limits import (
    DOT_SEGMENTS,
    MAX_ASSET_NAME_LENGTH,
    MAX_ASSETS,
    MAX_ID_LENGTH,
    MAX_PLACE_NAME_LENGTH,
)
from .packages import PACKAGES
from .providers.login import LoginField
from .push_fast_path import load_canonical_push
from .state import current_extension


def _encodable(text: str) -> None:
    """A lone surrogate ("\\ud800", legal in JSON) has no UTF-8 form: the LMS could never get it."""
    if not sendable(text):
        raise ValidationError("Not valid Unicode text (it holds a lone surrogate).")


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


def login_schema(provider: Any) -> Schema:
    """The login body ``provider``'s class declares (``login_bodies``), as a schema; a body
    of another LMS is a 422 in the provider's words (``login_refusal``)."""
    declared: dict[str, LoginField] = {}
    for body in provider.login_bodies:
        for login_field in body.fields:
            declared.setdefault(login_field.name, login_field)
    schema = type("LoginRequestSchema", (_LoginChecks,), {
        **{name: _login_field(login_field) for name, login_field in declared.items()},
        "__doc__": f"The login body of LMS_PROVIDER {provider.name}.",
        "bodies": tuple(body.names for body in provider.login_bodies),
        "refusal": provider.login_refusal})
    return schema()  # type: ignore[no-any-return]


def _login_field(login_field: LoginField) -> fields.Field:
    kind = fields.Email if login_field.email else _Text
    return kind(load_only=login_field.secret,
                validate=validate.Length(min=1, max=login_field.max_length),
                metadata={"description": login_field.description})


class _LoginChecks(_StrictSchema):
    """Exactly one of the provider's bodies; any other field is the provider's refusal."""

    bodies: tuple[tuple[str, ...], ...] = ()
    refusal = ""

    @pre_load
    def _only_known_fields(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        known = {name for body in self.bodies for name in body}
        extra = [name for name in data if name not in known]
        if not extra:
            return data
        whole = next((body for body in self.bodies if all(name in data for name in body)), None)
        if whole is not None:
            raise ValidationError(f"send either {' and '.join(whole)} or "
                                  f"{' and '.join(extra)}, not both", field_name=whole[0])
        raise ValidationError(self.refusal, field_name=str(extra[0]))

    @validates_schema
    def _one_body(self, data: dict[str, Any], **_: Any) -> None:
        given = set(data)
        if any(given == set(body) for body in self.bodies):
            return
        if any(given >= set(body) for body in self.bodies):
            raise ValidationError("send one login body: " + "; or ".join(
                " and ".join(body) for body in self.bodies), field_name=sorted(given)[0])
        closest = max(self.bodies, key=lambda body: len(given & set(body)))
        raise ValidationError({name: ["Missing data for required field."]
                               for name in closest if name not in given})


def document_login_bodies(spec_schemas: dict[str, Any], provider: Any,
                          providers: Iterable[Any]) -> None:
    """Every login body of ``providers`` as a component (``PasswordLogin``, ...), and the
    route's ``LoginRequest`` as this app's provider takes it."""
    body = spec_schemas.get("LoginRequest")
    if body is None:
        return
    lines = []
    for each in dict.fromkeys([*providers, provider]):
        for login in each.login_bodies:
            spec_schemas[login.component] = {
                "type": "object", "additionalProperties": False, "required": list(login.names),
                "properties": {field.name: _field_doc(field) for field in login.fields},
                "description": "A login body (docs/providers.md)"}
        lines.append(f"With LMS_PROVIDER {each.name}: " + " or ".join(
            f"{{{', '.join(map(repr, login.names))}}} ({login.component})".replace("'", '"')
            for login in each.login_bodies) + ".")
    own = provider.login_bodies
    if len(own) == 1:
        body["required"] = list(own[0].names)
    else:
        body.pop("required", None)
        body["oneOf"] = [{"$ref": f"#/components/schemas/{login.component}"} for login in own]
    body["description"] = " ".join(lines) + (f" This app uses {provider.name}; another body "
                                             f"is a 422.")


def _field_doc(login_field: LoginField) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": login_field.max_length,
                           "description": login_field.description}
    if login_field.email:
        doc["format"] = "email"
    if login_field.secret:
        doc["writeOnly"] = True
    return doc


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
        _Text(validate=validate.Length(min=1, max=MAX_ASSET_NAME_LENGTH)),
        required=True, validate=validate.Length(min=1, max=MAX_ASSETS),
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
                  validate.NoneOf(DOT_SEGMENTS, error="Not an LMS course id.")],
        metadata={"description": "Existing LMS course to update; omitted or null creates one"},
    )
    publish = fields.Boolean(load_default=True)
    module = _Text(
        load_default=None, allow_none=True,
        validate=validate.Length(min=1, max=MAX_PLACE_NAME_LENGTH),
        metadata={"description": "A place in the LMS course for the pushed items, in asset "
                                 "order (a module, section or topic, as the LMS calls it), "
                                 "found by name or created; an LMS without such places ignores "
                                 "it with a warning"},
    )
    assignment_group = _Text(
        load_default=None, allow_none=True,
        validate=validate.Length(min=1, max=MAX_PLACE_NAME_LENGTH),
        metadata={"description": "The gradebook group the pushed quizzes go into (an "
                                 "assignment group), by name, found or created; an LMS "
                                 "without such groups ignores it with a warning"},
    )
    export_format = _Text(
        load_default="lms_standard",
        metadata={"description": "A registered export format"},
    )

    def load_canonical(self, body: Any) -> dict[str, Any] | None:
        """``body`` loaded as this schema loads it, without marshmallow, when it is in the
        canonical shape (push_fast_path.py); None for anything else."""
        return load_canonical_push(body, current_extension().formats)

    @validates("export_format")
    def _registered_format(self, export_format: str, **_: Any) -> None:
        formats = current_extension().formats
        if export_format not in formats:  # a lookup; the sorted list only for the message
            raise ValidationError(unknown_format_message(export_format, formats.names))


class PackageRequestSchema(_AssetSelectionSchema):
    package = fields.String(
        required=True, validate=lambda name: _known_package(name),
        metadata={"description": "A package's name (docs/packages.md)"},
    )


def _known_package(name: str) -> None:
    """One of ``PACKAGES``, read at each request: ``register_package`` may add one later."""
    if name not in PACKAGES:
        raise ValidationError(f"Must be one of: {', '.join(PACKAGES)}.")


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
        "description": "LMS requests the provider plans (or assets for a package)"})


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
