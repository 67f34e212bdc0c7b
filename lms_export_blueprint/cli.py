"""``flask lms``: check the LMS connection, validate a token, log in, write a package, run jobs;
and each registered provider's own commands (``cli_commands``).

Exit codes: 0 yes / done; 1 no (token invalid, credentials rejected); 2 usage error;
3 mock mode (no ``LMS_BASE_URL``, so no LMS to ask); 4 the LMS could not be reached or failed;
5 the set-up is incomplete (a loader is missing); 6 a config value is wrong (one line naming
the key). Secrets are read from stdin or a hidden prompt, never from the command line.
"""

from __future__ import annotations

import contextvars
import functools
import importlib.util
import sys
import time
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import urlsplit

import click
import requests
from flask import current_app
from flask.cli import AppGroup, ScriptInfo
from marshmallow import ValidationError

from .errors import (
    LMSConfigError,
    LMSCredentialsRejected,
    LMSError,
    LMSExportError,
    LMSTokenInvalid,
)
from .masking import mask_token
from .packages import PACKAGES, export_package
from .providers import registered_classes
from .schemas import PackageRequestSchema
from .state import ExportState, current_state

EXIT_OK = 0
EXIT_NO = 1
EXIT_MOCK_MODE = 3
EXIT_LMS_FAILED = 4
EXIT_SET_UP_INCOMPLETE = 5
EXIT_CONFIG = 6

#: True while a ``flask lms`` command loads the app: the command says itself what matters
#: (``check`` prints the warnings, once), so ``init_app`` logs no start-up lines then.
start_up_is_reported: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "lms_export_start_up_is_reported", default=False)


class _WithProviderCommands(AppGroup):
    """A group that also offers every registered provider's ``cli_commands``; the provider
    classes load only to list the commands or to find a name that is not the group's own."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_provider_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or _provider_commands().get(cmd_name)


def _provider_commands() -> dict[str, click.Command]:
    """Each registered provider's commands by name; the first provider to name one keeps it."""
    commands: dict[str, click.Command] = {}
    for cls in registered_classes():
        for command in cls.cli_commands:
            if command.name is not None:
                commands.setdefault(command.name, command)
    return commands


lms_cli = _WithProviderCommands(
    "lms", help="Check and use the LMS connection of lms-export-blueprint.")


def _in_app(command: Callable[..., Any]) -> Callable[..., Any]:
    """Load the app (a config error: one line, exit 6) and run ``command`` in its context.

    The group is also a ``flask.commands`` entry point, so it exists before the app loads and
    a bad config value reaches this line rather than a traceback.
    """
    @click.pass_context
    @functools.wraps(command)
    def run(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        if not current_app:
            token = start_up_is_reported.set(True)
            try:
                app = ctx.ensure_object(ScriptInfo).load_app()
            except LMSConfigError as exc:
                _exit(EXIT_CONFIG, f"Config error: {exc}")
            finally:
                start_up_is_reported.reset(token)
            ctx.with_resource(app.app_context())
        return ctx.invoke(command, *args, **kwargs)
    return run


@lms_cli.command("check", with_appcontext=False)
@_in_app
def check() -> None:
    """Show the LMS settings, warn about risky ones, and time one call to the LMS."""
    state = _state()
    config = state.config
    _echo_settings(state)
    for warning in state.start_up_warnings:
        click.secho(f"Warning: {warning}", fg="yellow", err=True)
    missing = state.loaders.missing()
    if missing:
        decorators = ", ".join(f"@lms_export.{name}" for name in missing)
        _exit(EXIT_SET_UP_INCOMPLETE, f"Set-up incomplete: LMSExport has no {', '.join(missing)}."
              f" Decorate a function with each of {decorators} (or pass them as keyword "
              f"arguments of LMSExport / init_app).")
    if state.mock_mode:
        _exit(EXIT_MOCK_MODE, "MOCK MODE: LMS_BASE_URL is not set. Logins return mock tokens "
                              "and pushes are refused; set LMS_BASE_URL to use a real LMS.")
    url = state.provider.probe_url()
    started = time.perf_counter()
    try:
        # One unauthenticated attempt, no retries: any HTTP answer proves the LMS is there.
        response = state.transport.session.get(url, timeout=config.auth_timeout,
                                               verify=config.verify_ssl)
    except requests.Timeout:
        _exit(EXIT_LMS_FAILED, f"LMS not reachable: no answer from {url} within "
                               f"{config.auth_timeout:g}s (LMS_AUTH_TIMEOUT)")
    except requests.RequestException as exc:
        _exit(EXIT_LMS_FAILED, f"LMS not reachable at {url}: {type(exc).__name__}")
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code in (200, 400, 401, 403):
        click.echo(f"LMS reachable: GET {url} answered {response.status_code} "
                   f"in {elapsed_ms:.0f} ms")
        return
    hint = " (check LMS_BASE_URL and LMS_API_VERSION)" if response.status_code == 404 else ""
    _exit(EXIT_LMS_FAILED, f"LMS answered {response.status_code} to GET {url} "
                           f"in {elapsed_ms:.0f} ms{hint}")


@lms_cli.command("validate-token", context_settings={"ignore_unknown_options": True},
                 with_appcontext=False)
@click.argument("refused", nargs=-1, required=False, metavar="")
@_in_app
def validate_token(refused: tuple[str, ...]) -> None:
    """Ask the LMS whether a token (from stdin or a hidden prompt) is valid; exit 0 if so."""
    if refused:
        # Not echoed: a token on the command line already sits in shell history.
        raise click.UsageError("the token is read from stdin or a prompt, never from the "
                               "command line: echo \"$TOKEN\" | flask lms validate-token")
    token = _read_secret("LMS token")
    state = _state()
    if state.mock_mode:
        _exit(EXIT_MOCK_MODE, "MOCK MODE: LMS_BASE_URL is not set, so no LMS can judge the "
                              "token (mock tokens are refused by push-to-lms)")
    try:
        valid = state.provider.validate_token(token)
    except LMSError as exc:
        _exit(EXIT_LMS_FAILED, f"Could not validate the token: {exc.detail}")
    if not valid:
        _exit(EXIT_NO, f"Token {mask_token(token)} is invalid or expired")
    click.echo(f"Token {mask_token(token)} is valid")


@lms_cli.command("login", with_appcontext=False)
@click.option("--email", help="The LMS account's email, where the LMS signs in with one "
                              "(prompted if left out).")
@click.option("--show-token", is_flag=True,
              help="Print the whole token, alone on stdout, instead of a masked one.")
@_in_app
def login(email: str | None, show_token: bool) -> None:
    """Sign in to the LMS with the provider's login body (secrets at a hidden prompt); print
    the (masked) token."""
    state = _state()
    body = state.provider.login_bodies[0]
    if email is not None and "email" not in body.names:
        _exit(EXIT_NO, f"{state.provider.login_refusal}. Check a token with "
                       f"flask lms validate-token")
    # Prompts go to stderr, so stdout carries only the token with --show-token.
    credentials = {field.name: email if field.name == "email" and email else
                   str(click.prompt(field.prompt, hide_input=field.secret, err=True))
                   for field in body.fields}
    if state.mock_mode:
        _exit(EXIT_MOCK_MODE, "MOCK MODE: LMS_BASE_URL is not set, so there is no LMS to "
                              "log in to")
    try:
        with state.transport.operation():
            signed_in = state.provider.sign_in(credentials)
    except (LMSCredentialsRejected, LMSTokenInvalid) as exc:
        _exit(EXIT_NO, exc.detail)
    except LMSError as exc:
        _exit(EXIT_LMS_FAILED, f"LMS login failed: {exc.detail}")
    except LMSExportError as exc:  # a body the LMS could never take (a 422)
        _exit(EXIT_NO, exc.detail)
    user = signed_in.user
    click.echo(f"Logged in to {state.config.base_url} as {user.get('name')} "
               f"<{user.get('email')}> (LMS user id {user.get('id')})", err=show_token)
    if show_token:
        click.echo(signed_in.token)
    else:
        click.echo(f"Token: {mask_token(signed_in.token)} (use --show-token to print it)")


@lms_cli.command("package", with_appcontext=False)
@click.argument("course_id")
@click.argument("assets", nargs=-1, required=True)
@click.option("--package", "package_name", type=click.Choice(list(PACKAGES)), default="imscc",
              show_default=True, help="The kind of file (docs/packages.md).")
@click.option("--asset-type", "asset_types", multiple=True,
              help="A type the assets must have; repeat for several.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write, '-' for stdout; default: the course's name and the "
                   "package's extension, here.")
@_in_app
def package(course_id: str, assets: tuple[str, ...], package_name: str,
            asset_types: tuple[str, ...], output: str | None) -> None:
    """Write the named assets as a file to import into an LMS by hand; no LMS is asked."""
    try:
        selection = PackageRequestSchema().load({
            "asset_names": list(assets), "asset_type": list(asset_types) or None,
            "package": package_name})
    except ValidationError as exc:
        raise click.UsageError(f"invalid assets: {exc.messages}") from None
    try:
        built = export_package(_state().loaders, PACKAGES[package_name],
                               course_id=course_id, request=selection)
    except LMSExportError as exc:
        _exit(EXIT_NO, exc.detail)
    for warning in built.warnings:
        click.secho(f"Warning: {warning}", fg="yellow", err=True)
    path = output or built.file_name
    with click.open_file(path, "wb") as target:
        target.write(built.data)
    click.echo(f"Wrote {package_name} package of {len(assets)} assets to "
               f"{'stdout' if path == '-' else path} ({len(built.data)} bytes)", err=True)


@lms_cli.command("worker", with_appcontext=False)
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
@click.option("--name", help="The worker's name in RQ (default: host and pid).")
@_in_app
def worker(burst: bool, name: str | None) -> None:
    """Run export jobs queued on Redis (LMS_JOBS_REDIS_URL) with this app's loaders."""
    from .jobs import run_worker

    if importlib.util.find_spec("rq") is None:
        raise click.UsageError("flask lms worker runs jobs on RQ, which is not installed: "
                               "pip install 'lms-export-blueprint[jobs]' (without "
                               "LMS_JOBS_REDIS_URL, jobs run in the app and need no worker)")
    options = {"name": name} if name else {}
    try:
        run_worker(_state().jobs, burst=burst, **options)
    except RuntimeError as exc:
        raise click.UsageError(str(exc)) from None


def _echo_settings(state: ExportState) -> None:
    config = state.config
    click.echo(f"LMS_BASE_URL:   {config.base_url or '(not set: mock mode)'}")
    click.echo(f"Provider:       {state.provider.name} (LMS_PROVIDER)")
    for label, value in state.provider.describe().items():
        click.echo(f"{label + ':':<15} {value}")
    if not state.mock_mode:
        click.echo(f"Probe:          GET {state.provider.probe_url()}")
    click.echo(f"OAuth2:         {'on' if state.oauth is not None else 'off'}")
    click.echo(f"Jobs:           {_jobs_engine(config.jobs_redis_url, config.jobs_max_workers)}")
    click.echo(f"Timeouts:       push {config.timeout:g}s, sign-in/validate "
               f"{config.auth_timeout:g}s, deadline {config.deadline:g}s")
    click.echo(f"Retries:        {config.retry_attempts}")
    click.echo(f"Token cache:    {config.token_cache_type}, "
               f"TTL {config.token_cache_ttl:g}s")


def _jobs_engine(redis_url: str | None, max_workers: int) -> str:
    if not redis_url:
        return f"a thread pool in the app ({max_workers} threads)"
    parts = urlsplit(redis_url)  # no password on screen
    return f"RQ on {parts.scheme}://{parts.hostname or ''}{parts.path} (flask lms worker)"


def _read_secret(label: str) -> str:
    """A line from piped stdin, else a hidden prompt; never echoed."""
    if sys.stdin.isatty():
        secret = click.prompt(label, hide_input=True, err=True)
    else:
        secret = sys.stdin.readline().strip()
    if not secret:
        raise click.UsageError(f"no {label} given on stdin")
    return str(secret)


def _state() -> ExportState:
    return current_state()


def _exit(code: int, message: str) -> NoReturn:
    click.secho(message, err=True, fg="red" if code != EXIT_MOCK_MODE else "yellow")
    sys.exit(code)
