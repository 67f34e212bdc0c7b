"""LMSExport: the Flask extension that registers the routes and builds each app's state."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, has_app_context
from flask_caching import Cache
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint

from .cli import lms_cli, start_up_is_reported
from .config import LMSConfig, set_defaults, token_cache_config
from .docs import OwnApi, document_export_formats, document_packages, document_security
from .errors import LMSConfigError
from .formats import FormatRegistry, Formatter, default_registry
from .jobs import JobEngine, make_engine
from .jobs.engines import check_engine
from .loaders import AssetLoader, CourseLoader, FileLoader, Loaders, UserLoader
from .metrics import check_prometheus, enable_prometheus
from .namespace import NamespacedCache, app_namespace
from .oauth.routes import make_oauth_blueprint
from .packages import PACKAGES
from .providers import ProviderContext, provider_class, provider_keys, registered_classes
from .providers.canvas.oauth import canvas_oauth, check_developer_key
from .providers.generic.client import LMSClient
from .routes import make_blueprint
from .schemas import document_login_bodies, login_schema
from .state import EXTENSION_NAME, STATE_NAME, ExportState, current_state, state_of
from .tokens import TokenStore
from .transport import Transport

if TYPE_CHECKING:
    from .oauth.flow import OAuthFlow

logger = logging.getLogger(__name__)


class LMSExport:
    """Adds the login, push, package and job routes to an app (docs/routes.md).

    :param app: the Flask app, or None to call :meth:`init_app` later.
    :param api: a host ``flask_smorest.Api`` to document the routes in.
    :param cache: a host ``flask_caching.Cache`` for the shared store.
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
        self.shared_loaders = Loaders()
        self.formats: FormatRegistry = default_registry.child()
        # Given with an app, api and cache are that app's; given alone, every app's default.
        self._api = api if app is None else None
        self._cache = cache if app is None else None
        self._set_shared_loaders(user_loader, course_loader, asset_loader)
        if file_loader is not None:
            self.shared_loaders.file = file_loader
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
        """Check the config, build the app's state and provider, add the routes.

        The provider is built here, so its start-up checks fail here. Loaders given here
        serve this app only. Every check runs before the app is changed, and
        ``app.extensions`` is written last: a failing call leaves the app as it was.
        """
        config, provider_cls, smorest_api = self._check(app, api)
        set_defaults(app.config)
        set_defaults(app.config, provider_keys(provider_cls))
        transport = Transport(config)
        # Every key the extension writes goes under the app's namespace (docs/jobs.md).
        store = NamespacedCache(cache or self._cache or _own_cache(app),
                                app_namespace(app.config, app.import_name, config))
        tokens = TokenStore(store, config.token_cache_ttl)
        app_ref = weakref.ref(app)
        context = ProviderContext(
            config=config, settings=config.settings(provider_cls.config_prefix,
                                                    provider_cls.config_keys),
            transport=transport, store=store, formats=self.formats,
            oauth=lambda: _oauth_of(app_ref))
        oauth = (canvas_oauth(config, app.config.get("SECRET_KEY"), tokens, transport)
                 or provider_cls.oauth_flow(context, app.config.get("SECRET_KEY"), tokens))
        provider = provider_cls(context)
        jobs = make_engine(app, config)
        smorest_api = smorest_api or OwnApi(app, config.url_prefix)
        self._register_routes(app, smorest_api, config, provider, oauth)
        if config.prometheus_metrics:
            enable_prometheus(app).watch_job_queue(jobs)
        app.cli.add_command(lms_cli)
        own = {name: loader for name, loader in (
            ("user", user_loader), ("course", course_loader), ("asset", asset_loader),
            ("file", file_loader)) if loader is not None}
        app.before_request(self._warn_of_missing_loaders_once(app))
        _log_start_up(config, mock_mode=config.mock_mode and provider.needs_base_url)
        app.extensions[STATE_NAME] = ExportState(
            extension=self, config=config, transport=transport, store=store, tokens=tokens,
            provider=provider, jobs=jobs, api=smorest_api, own_loaders=own, oauth=oauth)
        app.extensions[EXTENSION_NAME] = self

    def _check(self, app: Flask, api: Api | None) -> tuple[LMSConfig, type[Any], Api | None]:
        """The app's config, provider class and host Api, or an error before anything is
        written."""
        if EXTENSION_NAME in app.extensions:
            raise RuntimeError("An LMSExport is already registered on this app")
        if "lms_export" in app.blueprints:
            raise RuntimeError("The app already has a blueprint named 'lms_export'")
        settings = dict(app.config)
        set_defaults(settings)
        provider_cls = provider_class(str(settings["LMS_PROVIDER"]))
        # Every provider's keys are checked, the one in use or not: a typo fails the deploy.
        keys = provider_keys(provider_cls)
        set_defaults(settings, keys)
        config = LMSConfig.from_mapping(settings, provider_keys=keys)
        _start_up_checks(config, provider_cls, settings)
        smorest_api = api or self._api or _host_api(app)
        owner = getattr(smorest_api, "_app", None)
        if owner is not None and owner is not app:
            raise RuntimeError("The flask_smorest.Api given belongs to another app: pass each "
                               "app its own Api (init_app(app, api=...))")
        return config, provider_cls, smorest_api

    def _register_routes(self, app: Flask, smorest_api: Api, config: LMSConfig, provider: Any,
                         oauth: OAuthFlow | None) -> None:
        """The extension's blueprint, the provider's own (if any), and their documentation."""
        smorest_api.register_blueprint(make_blueprint(self, login_schema(type(provider))),
                                       url_prefix=config.url_prefix)
        own_routes = provider.blueprint()
        if isinstance(own_routes, SmorestBlueprint):  # documented in the OpenAPI document
            smorest_api.register_blueprint(own_routes, url_prefix=config.url_prefix)
        elif own_routes is not None:
            app.register_blueprint(own_routes, url_prefix=config.url_prefix)
        if oauth is not None:  # until the provider's blueprint() declares its OAuth routes
            smorest_api.register_blueprint(make_oauth_blueprint(self, oauth.client.lms),
                                           url_prefix=config.url_prefix)
        document_security(smorest_api)
        document_login_bodies(smorest_api.spec.components.schemas, type(provider),
                              registered_classes())
        api_ref = weakref.ref(smorest_api)
        self.formats.on_change(lambda: _document_formats(api_ref, self.formats))
        document_export_formats(smorest_api, self.formats.names)
        document_packages(smorest_api, PACKAGES)

    # --- host hooks --------------------------------------------------------------------------

    def user_loader(self, callback: UserLoader) -> UserLoader:
        """Register ``callback(bearer_token) -> user id | None`` for every app."""
        self.shared_loaders.user = callback
        return callback

    def course_loader(self, callback: CourseLoader) -> CourseLoader:
        """Register ``callback(course_id) -> course dict | None`` for every app."""
        self.shared_loaders.course = callback
        return callback

    def asset_loader(self, callback: AssetLoader) -> AssetLoader:
        """Register ``callback(course_id, asset_name) -> asset dict | None`` for every app."""
        self.shared_loaders.asset = callback
        return callback

    def file_loader(self, callback: FileLoader) -> FileLoader:
        """Register ``callback(course_id, path) -> {"filename", "content_type", "data"} |
        None`` for every app: how relative image and file paths in content are resolved."""
        self.shared_loaders.file = callback
        return callback

    @property
    def loaders(self) -> Loaders:
        """The current app's loaders: those given to its ``init_app``, else the shared ones."""
        if not has_app_context():
            return self.shared_loaders
        state = current_app.extensions.get(STATE_NAME)
        return state.loaders if state is not None else self.shared_loaders

    def register_format(self, name: str, formatter: Formatter) -> Formatter:
        """Add an export format to this extension; ``formatter(asset)`` returns ``content``."""
        return self.formats.register(name, formatter)

    # --- per-app state -----------------------------------------------------------------------

    def state(self, app: Flask | None = None) -> ExportState:
        """Everything ``app`` (default: the current app) uses: config, transport, store,
        provider, jobs, api, loaders."""
        return state_of(app or current_app._get_current_object())  # type: ignore[attr-defined]

    def jobs(self, app: Flask | None = None) -> JobEngine:
        """The app's job engine (docs/jobs.md): a thread pool, or RQ on Redis."""
        return self.state(app).jobs

    def client(self, app: Flask | None = None) -> LMSClient:
        """The generic LMS API's client over the app's transport: ``validate_token``, ..."""
        return self.state(app).client

    def _warn_of_missing_loaders_once(self, app: Flask) -> Callable[[], None]:
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
            self.shared_loaders.user = user
        if course is not None:
            self.shared_loaders.course = course
        if asset is not None:
            self.shared_loaders.asset = asset


def _start_up_checks(config: LMSConfig, provider_cls: type[Any],
                     settings: Mapping[str, Any]) -> None:
    """Whatever could never work, as one LMSConfigError, before the app is changed."""
    try:
        check_developer_key(config, settings.get("SECRET_KEY"))
        check_engine(config, settings.get("SECRET_KEY"))
    except RuntimeError as exc:  # their own checks predate LMSConfigError
        if isinstance(exc, LMSConfigError):
            raise
        raise LMSConfigError(str(exc)) from None
    if config.prometheus_metrics:
        check_prometheus()
    provider_cls.check_start_up(config, config.settings(provider_cls.config_prefix,
                                                        provider_cls.config_keys), settings)


def _oauth_of(app_ref: weakref.ref[Flask]) -> Any:
    app = app_ref()
    state = app.extensions.get(STATE_NAME) if app is not None else None
    return state.oauth if state is not None else None


def _document_formats(api_ref: weakref.ref[Api], formats: FormatRegistry) -> None:
    smorest_api = api_ref()
    if smorest_api is not None:
        document_export_formats(smorest_api, formats.names)


def _log_start_up(config: LMSConfig, *, mock_mode: bool) -> None:
    if start_up_is_reported.get():  # a flask lms command says what matters itself
        return
    if mock_mode:
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
    return current_state().provider.validate_token(lms_token)


def get_lms_user_info(lms_token: str) -> dict[str, Any]:
    """``{"id", "email", "name"}`` of the LMS user behind ``lms_token`` (the generic API's
    ``GET /auth/me``, Canvas's ``GET /api/v1/users/self``)."""
    return current_state().provider.user_info(lms_token)
