"""The one interface every LMS provider offers the extension (docs/providers.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..formats.model import Page, QuestionSet
from ..loaders import FileLoader
from .login import LoginBody

if TYPE_CHECKING:
    import click
    from flask import Blueprint

    from ..config import Key, LMSConfig
    from ..formats import FormatRegistry
    from ..oauth.flow import OAuthFlow
    from ..tokens import TokenStore
    from ..transport import Transport

from ..warnings import Warnings

#: ``progress(done, total)``: called as the LMS part of a push advances, in LMS requests.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LMSLogin:
    """A login the LMS accepted: the token the frontend sends as X-LMS-Token, and who it is."""

    token: str
    user: dict[str, Any]


@dataclass(frozen=True)
class LMSCourseResult:
    """What the LMS said it holds after a create or update."""

    course_id: str | None
    content_ids: list[str | None]


@dataclass(frozen=True)
class PushItem:
    """One asset of a push, loaded and validated once: its parsed content and the raw asset."""

    asset_name: str
    asset_type: str
    #: The question set (``quiz``, ``question-paper``) or the page (every other type).
    content: QuestionSet | Page
    #: The asset as the host's ``asset_loader`` returned it, for a format that reads it whole.
    asset: Mapping[str, Any] = field(repr=False, compare=False)
    #: What a provider made of this item, by a key of its own, so the ``check`` and the
    #: ``send`` of one push render it once (the generic provider: its formatted envelope, as
    #: JSON).
    rendered: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def question_set(self) -> QuestionSet | None:
        return self.content if isinstance(self.content, QuestionSet) else None

    @property
    def page(self) -> Page | None:
        return self.content if isinstance(self.content, Page) else None


@dataclass(frozen=True)
class Push:
    """What a provider sends: the checked push, its content parsed into the model."""

    token: str
    lms_course_id: str | None
    course_name: str | None
    course_description: str | None
    #: The assets in push order, each parsed once (``formats.model``).
    items: list[PushItem]
    publish: bool
    #: The push's scoped idempotency key; a provider keys its retry ledger by it.
    scoped_key: str
    #: The export format the push named; the generic API's provider formats with it.
    export_format: str = "lms_standard"
    progress: Progress | None = field(default=None, compare=False)
    #: Where in the LMS course the items go (a module, section or topic), by name; or None.
    module: str | None = None
    #: What the LMS could not hold as sent: the 200 body's ``data.warnings``.
    warnings: Warnings = field(default_factory=Warnings, compare=False)
    #: The host course the assets come from: part of the mark of what a push makes.
    host_course_id: str | None = None
    #: The gradebook group the quizzes go into (a Canvas assignment group), by name; or None.
    assignment_group: str | None = None
    #: The host's ``file_loader`` (course id, relative path) -> file: what a provider that
    #: uploads images and files resolves relative paths with; None without one.
    file_loader: FileLoader | None = field(default=None, compare=False)

    @property
    def assets(self) -> list[Mapping[str, Any]]:
        """The raw assets, in push order."""
        return [item.asset for item in self.items]


@dataclass(frozen=True)
class ProviderContext:
    """What a provider is built from in ``init_app``: the app's config and shared parts."""

    config: LMSConfig
    #: The provider's own keys, read by its ``config_prefix`` (``LMS_CANVAS_QUIZ_ENGINE`` ->
    #: ``settings["quiz_engine"]``), checked at start-up.
    settings: Mapping[str, Any]
    #: The one hardened HTTP path every LMS call takes (deadline, caps, no redirects).
    transport: Transport
    #: The shared key-value store (a Flask-Caching ``Cache``): ledgers live here, prefixed.
    store: Any
    #: The extension's export formats (``register_format`` included).
    formats: FormatRegistry
    #: ``oauth()``: the app's OAuth2 flow (what the provider's ``oauth_flow`` built, kept in
    #: the state), else None; read at each call, since the flow is the state's.
    oauth: Callable[[], Any] = field(default=lambda: None)


class Provider(Protocol):
    """Sign in, say who a token is, check a push before anything is sent, and send it.

    A provider is a class named in ``PROVIDERS`` (or by ``LMS_PROVIDER`` as a dotted path),
    built once per app as ``cls(context)``; what it declares as class attributes (login
    bodies, config keys) is read before it is built. ``ProviderHooks`` gives the optional
    parts (``config_*``, ``needs_*``, ``oauth_flow``, ``check_start_up``, ``blueprint``,
    ``describe``, ``cli_commands``) their defaults.
    """

    name: ClassVar[str]
    #: The login bodies it takes; the first is what ``flask lms login`` prompts for.
    login_bodies: ClassVar[tuple[LoginBody, ...]]
    #: The detail of a 422 for a body that is not one of ``login_bodies``.
    login_refusal: ClassVar[str]
    #: Its config keys (``config.Key`` rows), all starting with ``config_prefix``.
    config_prefix: ClassVar[str]
    config_keys: ClassVar[tuple[Key, ...]]
    needs_base_url: ClassVar[bool]
    needs_shared_store: ClassVar[bool]

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        """The LMS's answer to a login body (one of ``login_bodies``)."""

    def validate_token(self, token: str) -> bool:
        """True when the LMS accepts ``token``; False when it calls it invalid or expired."""

    def user_info(self, token: str) -> dict[str, Any]:
        """``{"id", "email", "name"}`` of the LMS user behind ``token``."""

    def probe_url(self) -> str:
        """The URL ``flask lms check`` GETs, without a token, to see the LMS answer."""

    def describe(self) -> dict[str, str]:
        """Lines ``flask lms check`` shows for this provider, e.g. ``{"Quiz engine": ...}``."""

    def check(self, push: Push) -> None:
        """Raise a 422 for what this LMS cannot take; nothing has been sent yet."""

    def requests_planned(self, push: Push) -> int:
        """LMS requests ``send(push)`` would make now: a queued job's progress total."""

    def send(self, push: Push) -> LMSCourseResult:
        """Create or update the course and put each item; the LMS's failure as our error.

        A failure after some items landed carries ``data.exported_assets``.
        """

    def blueprint(self) -> Blueprint | None:
        """Routes of its own under the URL prefix (its OAuth2 flow's: ``oauth.routes``); a
        flask-smorest Blueprint is also documented in the OpenAPI document. None: no routes."""


class ProviderHooks:
    """Defaults for what a provider may leave out; a provider class may inherit them."""

    login_refusal: ClassVar[str] = "this LMS takes another login body"
    config_prefix: ClassVar[str] = ""
    config_keys: ClassVar[tuple[Key, ...]] = ()
    #: False where an unset ``LMS_BASE_URL`` means the LMS's own public hosts, not mock mode.
    needs_base_url: ClassVar[bool] = True
    #: True when what it keeps in the shared store (a retry ledger) must outlive a process:
    #: ``flask lms worker`` warns of a process-local store.
    needs_shared_store: ClassVar[bool] = False
    #: Commands it adds to ``flask lms``, offered whichever provider the app uses; run as they
    #: are (one that needs the app asks for it: ``flask.cli.with_appcontext``).
    cli_commands: ClassVar[tuple[click.Command, ...]] = ()

    @classmethod
    def check_start_up(cls, config: LMSConfig, settings: Mapping[str, Any],
                       app_config: Mapping[str, Any]) -> None:
        """Raise ``LMSConfigError`` for settings that could never work; run by ``init_app``."""

    def blueprint(self) -> Blueprint | None:
        """Routes of its own under the URL prefix (its OAuth2 flow's: ``oauth.routes``); a
        flask-smorest Blueprint is also documented in the OpenAPI document. None: no routes."""
        return None

    @classmethod
    def oauth_flow(cls, context: ProviderContext, secret_key: Any,
                   tokens: TokenStore) -> OAuthFlow | None:
        """Its OAuth2 flow on the shared core (``oauth/``), where its client is configured:
        ``init_app`` registers the flow's ``lms-oauth`` routes (``oauth.routes``) beside the
        provider's ``blueprint()``, and ``context.oauth()`` returns it. None: no flow, no
        routes."""
        return None

    def describe(self) -> dict[str, str]:
        return {}
