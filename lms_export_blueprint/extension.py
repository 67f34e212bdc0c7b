"""LMSExport: the Flask extension that registers the routes and holds per-app state."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask_caching import Cache
from flask_smorest import Api

from .cli import lms_cli
from .client import LMSClient
from .config import LMSConfig, set_defaults, token_cache_config
from .docs import OwnApi, document_export_formats, document_security
from .formats import FormatRegistry, Formatter, default_registry
from .loaders import AssetLoader, CourseLoader, Loaders, UserLoader
from .metrics import enable_prometheus
from .routes import make_blueprint
from .state import EXTENSION_NAME, AppState, current_extension
from .tokens import TokenStore

logger = logging.getLogger(__name__)


class LMSExport:
    """Adds ``POST {prefix}/login-lms`` and ``POST {prefix}/courses/<id>/push-to-lms`` to an app.

    :param app: the Flask app, or None to call :meth:`init_app` later.
    :param api: a host ``flask_smorest.Api`` to document the routes in.
    :param cache: a host ``flask_caching.Cache`` for the token store.
    :param user_loader: bearer token -> host user id, or None.
    :param course_loader: course id -> ``{"name", "description", ...}``, or None.
    :param asset_loader: (course id, asset name) -> asset dict, or None.
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        api: Api | None = None,
        cache: Cache | None = None,
        user_loader: UserLoader | None = None,
        course_loader: CourseLoader | None = None,
        asset_loader: AssetLoader | None = None,
    ) -> None:
        self.loaders = Loaders()
        self.formats: FormatRegistry = default_registry.child()
        self.formats.on_change(self._document_formats)
        self._api = api
        self._cache = cache
        self._states: weakref.WeakKeyDictionary[Flask, AppState] = weakref.WeakKeyDictionary()
        self._apis: weakref.WeakKeyDictionary[Flask, Api] = weakref.WeakKeyDictionary()
        self._set_loaders(user_loader, course_loader, asset_loader)
        if app is not None:
            self.init_app(app)

    def init_app(
        self,
        app: Flask,
        *,
        api: Api | None = None,
        cache: Cache | None = None,
        user_loader: UserLoader | None = None,
        course_loader: CourseLoader | None = None,
        asset_loader: AssetLoader | None = None,
    ) -> None:
        """Read and check the config, build the LMS client and token store, add the routes."""
        if EXTENSION_NAME in app.extensions:
            raise RuntimeError("An LMSExport is already registered on this app")
        self._set_loaders(user_loader, course_loader, asset_loader)
        set_defaults(app.config)
        config = LMSConfig.from_mapping(app.config)
        token_cache = cache or self._cache or _own_cache(app)
        self._states[app] = AppState(
            config=config,
            client=LMSClient(config),
            tokens=TokenStore(token_cache, config.token_cache_ttl),
        )
        app.extensions[EXTENSION_NAME] = self
        if config.prometheus_metrics:
            enable_prometheus(app)
        app.cli.add_command(lms_cli)

        smorest_api = api or self._api or _host_api(app) or OwnApi(app, config.url_prefix)
        smorest_api.register_blueprint(make_blueprint(self), url_prefix=config.url_prefix)
        document_security(smorest_api)
        document_export_formats(smorest_api, self.formats.names)
        self._apis[app] = smorest_api
        _log_start_up(config)
        app.before_request(self._warn_of_missing_loaders_once())

    # --- host hooks --------------------------------------------------------------------------

    def user_loader(self, callback: UserLoader) -> UserLoader:
        """Register ``callback(bearer_token) -> user id | None``."""
        self.loaders.user = callback
        return callback

    def course_loader(self, callback: CourseLoader) -> CourseLoader:
        """Register ``callback(course_id) -> course dict | None``."""
        self.loaders.course = callback
        return callback

    def asset_loader(self, callback: AssetLoader) -> AssetLoader:
        """Register ``callback(course_id, asset_name) -> asset dict | None``."""
        self.loaders.asset = callback
        return callback

    def register_format(self, name: str, formatter: Formatter) -> Formatter:
        """Add an export format to this extension; ``formatter(asset)`` returns ``content``."""
        return self.formats.register(name, formatter)

    def _document_formats(self) -> None:
        for smorest_api in list(self._apis.values()):
            document_export_formats(smorest_api, self.formats.names)

    # --- per-app state -----------------------------------------------------------------------

    def state(self, app: Flask | None = None) -> AppState:
        """Config, LMS client and token store of ``app`` (default: the current app)."""
        app = app or current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            return self._states[app]
        except KeyError:
            raise RuntimeError(
                "LMSExport is not initialised on this app: call LMSExport(app) or "
                "lms_export.init_app(app) first"
            ) from None

    def client(self, app: Flask | None = None) -> LMSClient:
        """The app's LMS client: ``validate_token``, ``get_user_info`` and the rest."""
        return self.state(app).client

    def _warn_of_missing_loaders_once(self) -> Callable[[], None]:
        # Decorators may come after init_app, so the first request is when a gap is real.
        warned = False

        def warn() -> None:
            nonlocal warned
            if not warned:
                warned = True
                for decorator in self.loaders.missing():
                    logger.warning("LMSExport has no %s: its routes answer 500 until a "
                                   "function is decorated with @lms_export.%s",
                                   decorator, decorator)
        return warn

    def _set_loaders(self, user: UserLoader | None, course: CourseLoader | None,
                     asset: AssetLoader | None) -> None:
        if user is not None:
            self.loaders.user = user
        if course is not None:
            self.loaders.course = course
        if asset is not None:
            self.loaders.asset = asset


def _log_start_up(config: LMSConfig) -> None:
    if config.mock_mode:
        logger.warning("LMS_BASE_URL is not set: MOCK MODE. Logins return mock tokens and "
                       "pushes are refused; set LMS_BASE_URL to use a real LMS")
    for warning in config.warnings():
        logger.warning("%s", warning)


def _own_cache(app: Flask) -> Cache:
    cache = Cache()
    cache.init_app(app, config=token_cache_config(app.config))
    return cache


def _host_api(app: Flask) -> Api | None:
    apis: dict[str, Any] = app.extensions.get("flask-smorest", {}).get("apis", {})
    host_apis = [entry["ext_obj"] for entry in apis.values()
                 if not isinstance(entry["ext_obj"], OwnApi)]
    return host_apis[0] if host_apis else None


def validate_lms_token(lms_token: str) -> bool:
    """True if the current app's LMS accepts ``lms_token``, False if it calls it invalid.

    An unreachable or failing LMS raises (``LMSUnavailable``, ``LMSTimeout``, ...) rather than
    answering False: "the LMS is down" is not "the token is bad".
    """
    return current_extension().client().validate_token(lms_token)


def get_lms_user_info(lms_token: str) -> dict[str, Any]:
    """``{"id", "email", "name"}`` of the LMS user behind ``lms_token`` (``GET /auth/me``)."""
    return current_extension().client().get_user_info(lms_token)
