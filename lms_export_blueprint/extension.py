"""LMSExport: the Flask extension that registers the routes and holds per-app state."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_caching import Cache
from flask_smorest import Api

from .cli import lms_cli
from .client import LMSClient
from .config import LMSConfig, set_defaults, token_cache_config
from .docs import OwnApi, document_export_formats, document_security
from .formats import FormatRegistry, Formatter, default_registry
from .jobs import JobEngine, make_engine
from .jobs.engines import check_engine
from .loaders import AssetLoader, CourseLoader, FileLoader, Loaders, UserLoader
from .metrics import enable_prometheus
from .oauth.routes import make_oauth_blueprint
from .providers.canvas.oauth import canvas_oauth, check_developer_key
from .routes import make_blueprint
from .schemas import document_login_body
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
    :param file_loader: optional, (course id, relative path) -> ``{"filename",
        "content_type", "data": bytes}``, or None: the images and files content links.
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
        file_loader: FileLoader | None = None,
    ) -> None:
        self._shared_loaders = Loaders()
        self.formats: FormatRegistry = default_registry.child()
        self.formats.on_change(self._document_formats)
        # Given with an app, api and cache are that app's; given alone, every app's default.
        self._api = api if app is None else None
        self._cache = cache if app is None else None
        self._states: weakref.WeakKeyDictionary[Flask, AppState] = weakref.WeakKeyDictionary()
        self._jobs: weakref.WeakKeyDictionary[Flask, JobEngine] = weakref.WeakKeyDictionary()
        self._apis: weakref.WeakKeyDictionary[Flask, Api] = weakref.WeakKeyDictionary()
        self._own_loaders: weakref.WeakKeyDictionary[Flask, dict[str, Any]] = (
            weakref.WeakKeyDictionary())
        self._set_shared_loaders(user_loader, course_loader, asset_loader)
        if file_loader is not None:
            self._shared_loaders.file = file_loader
        if app is not None:
            self.init_app(app, api=api, cache=cache)

    def init_app(
        self,
        app: Flask,
        *,
        api: Api | None = None,
        cache: Cache | None = None,
        user_loader: UserLoader | None = None,
        course_loader: CourseLoader | None = None,
        asset_loader: AssetLoader | None = None,
        file_loader: FileLoader | None = None,
    ) -> None:
        """Read and check the config, build the LMS client and token store, add the routes.

        Loaders given here serve this app only. Every check runs before the app is changed,
        and ``app.extensions`` is written last: a failing call leaves the app as it was.
        """
        config, smorest_api = self._check(app, api)
        set_defaults(app.config)
        client = LMSClient(config)
        tokens = TokenStore(cache or self._cache or _own_cache(app), config.token_cache_ttl)
        state = AppState(config=config, client=client, tokens=tokens,
                         oauth=canvas_oauth(config, app.config.get("SECRET_KEY"), tokens,
                                            client.transport))
        jobs = make_engine(app, config)
        smorest_api = smorest_api or OwnApi(app, config.url_prefix)
        smorest_api.register_blueprint(make_blueprint(self), url_prefix=config.url_prefix)
        if state.oauth is not None:
            smorest_api.register_blueprint(make_oauth_blueprint(self, state.oauth.client.lms),
                                           url_prefix=config.url_prefix)
        document_security(smorest_api)
        document_export_formats(smorest_api, self.formats.names)
        document_login_body(smorest_api.spec.components.schemas, config.provider)
        if config.prometheus_metrics:
            enable_prometheus(app).watch_job_queue(jobs)
        app.cli.add_command(lms_cli)
        self._states[app] = state
        self._jobs[app] = jobs
        self._apis[app] = smorest_api
        self._own_loaders[app] = {name: loader for name, loader in (
            ("user", user_loader), ("course", course_loader), ("asset", asset_loader),
            ("file", file_loader)) if loader is not None}
        app.before_request(self._warn_of_missing_loaders_once())
        _log_start_up(config)
        app.extensions[EXTENSION_NAME] = self

    def _check(self, app: Flask, api: Api | None) -> tuple[LMSConfig, Api | None]:
        """The app's config and the host Api to use, or an error before anything is written."""
        if EXTENSION_NAME in app.extensions:
            raise RuntimeError("An LMSExport is already registered on this app")
        if "lms_export" in app.blueprints:
            raise RuntimeError("The app already has a blueprint named 'lms_export'")
        settings = dict(app.config)
        set_defaults(settings)
        config = LMSConfig.from_mapping(settings)
        check_developer_key(config, settings.get("SECRET_KEY"))
        check_engine(config, settings.get("SECRET_KEY"))
        smorest_api = api or self._api or _host_api(app)
        owner = getattr(smorest_api, "_app", None)
        if owner is not None and owner is not app:
            raise RuntimeError("The flask_smorest.Api given belongs to another app: pass each "
                               "app its own Api (init_app(app, api=...))")
        return config, smorest_api

    # --- host hooks --------------------------------------------------------------------------

    def user_loader(self, callback: UserLoader) -> UserLoader:
        """Register ``callback(bearer_token) -> user id | None`` for every app."""
        self._shared_loaders.user = callback
        return callback

    def course_loader(self, callback: CourseLoader) -> CourseLoader:
        """Register ``callback(course_id) -> course dict | None`` for every app."""
        self._shared_loaders.course = callback
        return callback

    def asset_loader(self, callback: AssetLoader) -> AssetLoader:
        """Register ``callback(course_id, asset_name) -> asset dict | None`` for every app."""
        self._shared_loaders.asset = callback
        return callback

    def file_loader(self, callback: FileLoader) -> FileLoader:
        """Register ``callback(course_id, path) -> {"filename", "content_type", "data"} |
        None`` for every app: how relative image and file paths in content are resolved."""
        self._shared_loaders.file = callback
        return callback

    @property
    def loaders(self) -> Loaders:
        """The current app's loaders: those given to its ``init_app``, else the shared ones."""
        if not has_app_context():
            return self._shared_loaders
        own = self._own_loaders.get(current_app._get_current_object())  # type: ignore[attr-defined]
        return replace(self._shared_loaders, **own) if own else self._shared_loaders

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

    def jobs(self, app: Flask | None = None) -> JobEngine:
        """The app's job engine (contract section 11): a thread pool, or RQ on Redis."""
        self.state(app)  # the same RuntimeError when init_app was never called
        return self._jobs[app or current_app._get_current_object()]  # type: ignore[attr-defined]

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

    def _set_shared_loaders(self, user: UserLoader | None, course: CourseLoader | None,
                            asset: AssetLoader | None) -> None:
        if user is not None:
            self._shared_loaders.user = user
        if course is not None:
            self._shared_loaders.course = course
        if asset is not None:
            self._shared_loaders.asset = asset


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
    return current_extension().state().provider.validate_token(lms_token)


def get_lms_user_info(lms_token: str) -> dict[str, Any]:
    """``{"id", "email", "name"}`` of the LMS user behind ``lms_token`` (the generic API's
    ``GET /auth/me``, Canvas's ``GET /api/v1/users/self``)."""
    return current_extension().state().provider.user_info(lms_token)
