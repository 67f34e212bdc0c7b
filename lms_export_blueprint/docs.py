"""The OpenAPI document: our own Api when the host has none, and what we add to the spec."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_smorest import Api

#: Config prefix of the Api the extension makes for itself: ``LMS_EXPORT_API_TITLE``, ...
OWN_API_CONFIG_PREFIX = "LMS_EXPORT_"

SECURITY_SCHEMES = {
    "hostBearer": {"type": "http", "scheme": "bearer",
                   "description": "The host application's own user token"},
}


class OwnApi(Api):
    """An Api that documents only our routes, under our URL prefix.

    Unlike a plain ``Api(app)`` it registers no app-wide error handlers (the host's other
    routes answer as before) and its config prefix keeps it clear of an ``Api`` the host
    creates later.
    """

    def __init__(self, app: Flask, url_prefix: str) -> None:
        app.config.setdefault("LMS_EXPORT_API_TITLE", "LMS export")
        app.config.setdefault("LMS_EXPORT_API_VERSION", "1")
        app.config.setdefault("LMS_EXPORT_OPENAPI_VERSION", "3.0.3")
        app.config.setdefault("LMS_EXPORT_OPENAPI_URL_PREFIX", f"{url_prefix}/docs")
        super().__init__(app, config_prefix=OWN_API_CONFIG_PREFIX)

    def _register_error_handlers(self) -> None:
        """Errors of our routes are handled by our blueprint, and the rest are the host's."""


def document_security(api: Api) -> None:
    existing = api.spec.components.security_schemes
    for name, scheme in SECURITY_SCHEMES.items():
        if name not in existing:
            api.spec.components.security_scheme(name, scheme)


def document_export_formats(api: Api, names: Iterable[str]) -> None:
    """Show the formats a push accepts now, including ones registered after start-up."""
    schema = api.spec.components.schemas.get("PushRequest")
    if schema is not None:
        schema["properties"]["export_format"]["enum"] = list(names)
