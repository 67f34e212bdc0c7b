"""The OpenAPI document: our own Api when the host has none, and what we add to the spec."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask
from flask_smorest import Api

from .packages import PackageKind
from .schemas import LMSExportErrorSchema

#: Config prefix of the Api the extension makes for itself: ``LMS_EXPORT_API_TITLE``, ...
OWN_API_CONFIG_PREFIX = "LMS_EXPORT_"
#: Where Swagger UI's scripts and styles are served, under the extension's URL prefix.
SWAGGER_UI_ASSETS_PATH = "/docs/swagger-ui-assets"

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
                app, url_prefix + SWAGGER_UI_ASSETS_PATH)
        super().__init__(app, config_prefix=OWN_API_CONFIG_PREFIX)

    def _register_error_handlers(self) -> None:
        """Errors of our routes are handled by our blueprint, and the rest are the host's."""

    def _register_pagination_header(self) -> None:
        """Our routes do not paginate: no pagination schema in the document."""


def serve_docs_page_offline(app: Flask, api: Api, url_prefix: str) -> str:
    """For the host's own Api: serve Swagger UI's assets, and the page the host asked for.

    A host that sets ``OPENAPI_SWAGGER_UI_PATH`` but no ``OPENAPI_SWAGGER_UI_URL`` gets no page
    from flask-smorest (it needs a script URL); this adds that page, loading the scripts from
    the app itself. A host that names a script URL (a CDN) keeps it, and one without a docs
    path gets no page: the host's Api answers as configured. Returns the assets' base URL,
    for ``OPENAPI_SWAGGER_UI_URL`` (docs/openapi.md).
    """
    assets_url = _serve_swagger_ui_assets(app, url_prefix + SWAGGER_UI_ASSETS_PATH)
    docs_prefix = api.config.get("OPENAPI_URL_PREFIX")
    page_path = api.config.get("OPENAPI_SWAGGER_UI_PATH")
    if docs_prefix is None or page_path is None or api.config.get("OPENAPI_SWAGGER_UI_URL"):
        return assets_url
    api._swagger_ui_url = assets_url  # what flask-smorest's page view reads
    rule = "/" + "/".join(part.strip("/") for part in (docs_prefix, page_path) if part.strip("/"))
    app.add_url_rule(rule, endpoint="lms_export_swagger_ui_page",
                     view_func=api._openapi_swagger_ui)
    return assets_url


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


def document_packages(api: Api, kinds: Mapping[str, PackageKind]) -> None:
    """Show the packages a request may name (``register_package`` may add one), each with
    its own description."""
    schema = api.spec.components.schemas.get("PackageRequest")
    if schema is not None:
        package = schema["properties"]["package"]
        package["enum"] = list(kinds)
        package["description"] = "; ".join(
            f"{name}: {kind.description}" if kind.description else name
            for name, kind in kinds.items())


def document_export_formats(api: Api, names: Iterable[str]) -> None:
    """Show the formats a push accepts now, including ones registered after start-up."""
    schema = api.spec.components.schemas.get("PushRequest")
    if schema is not None:
        schema["properties"]["export_format"]["enum"] = list(names)
