"""The OpenAPI document: our own Api when the host has none, and what we add to the spec."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask
from flask_smorest import Api

from .schemas import LMSExportErrorSchema

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

    #: Unlisted errors (``default`` responses) have our shape, not flask-smorest's.
    ERROR_SCHEMA = LMSExportErrorSchema

    def __init__(self, app: Flask, url_prefix: str) -> None:
        # The LMS_EXPORT_* defaults come from config.KEYS; the two left unset there depend on
        # the URL prefix.
        if app.config["LMS_EXPORT_OPENAPI_URL_PREFIX"] is None:
            app.config["LMS_EXPORT_OPENAPI_URL_PREFIX"] = f"{url_prefix}/docs"
        if app.config["LMS_EXPORT_OPENAPI_SWAGGER_UI_URL"] is None:
            app.config["LMS_EXPORT_OPENAPI_SWAGGER_UI_URL"] = _serve_swagger_ui_assets(
                app, f"{url_prefix}/docs/swagger-ui-assets")
        super().__init__(app, config_prefix=OWN_API_CONFIG_PREFIX)

    def _register_error_handlers(self) -> None:
        """Errors of our routes are handled by our blueprint, and the rest are the host's."""

    def _register_pagination_header(self) -> None:
        """Our routes do not paginate: no pagination schema in the document."""


def _serve_swagger_ui_assets(app: Flask, url_path: str) -> str:
    """Serve Swagger UI's scripts and styles from the app itself, so the page works offline.

    They come from the ``flask-swagger-ui`` package, a plain dependency: the docs page is one
    of the things this package is for. Returns the assets' base URL.
    """
    assets = Blueprint("lms_export_swagger_ui", __name__,
                       static_folder=str(Path(flask_swagger_ui.__file__).parent / "dist"),
                       static_url_path=url_path)
    app.register_blueprint(assets)
    return url_path + "/"


def document_security(api: Api) -> None:
    existing = api.spec.components.security_schemes
    for name, scheme in SECURITY_SCHEMES.items():
        if name not in existing:
            api.spec.components.security_scheme(name, scheme)


def document_packages(api: Api, names: Iterable[str]) -> None:
    """Show the packages a request may name (``register_package`` may add one)."""
    schema = api.spec.components.schemas.get("PackageRequest")
    if schema is not None:
        schema["properties"]["package"]["enum"] = list(names)


def document_export_formats(api: Api, names: Iterable[str]) -> None:
    """Show the formats a push accepts now, including ones registered after start-up."""
    schema = api.spec.components.schemas.get("PushRequest")
    if schema is not None:
        schema["properties"]["export_format"]["enum"] = list(names)
