"""A provider of the host's own, named by its dotted path: everything it needs travels with it
(docs/providers.md), and nothing in the package names it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import click
import pytest
from conftest import BEARER
from flask import Blueprint, current_app
from flask.cli import with_appcontext
from host_app import create_app

import lms_export_blueprint
from lms_export_blueprint import LMSConfigError
from lms_export_blueprint.cli import EXIT_OK
from lms_export_blueprint.config import Key, all_keys, one_of
from lms_export_blueprint.providers import (
    PROVIDERS,
    LMSCourseResult,
    LMSLogin,
    ProviderContext,
    ProviderHooks,
    Push,
    register_provider,
)
from lms_export_blueprint.providers.login import ACCESS_TOKEN_LOGIN, USERNAME_LOGIN
from lms_export_blueprint.state import state_of

PATH = f"{__name__}.SchoolProvider"


class SchoolProvider(ProviderHooks):
    """A made-up LMS: username or token login, one setting, its own route."""

    name: ClassVar[str] = "school"
    login_bodies = (USERNAME_LOGIN, ACCESS_TOKEN_LOGIN)
    login_refusal: ClassVar[str] = "School LMS takes a username and password, or a token"
    config_prefix: ClassVar[str] = "LMS_SCHOOL_"
    config_keys = (Key("LMS_SCHOOL_TERM", "autumn", one_of("autumn", "spring"),
                       "the term pushed courses belong to"),)
    started: ClassVar[list[Mapping[str, Any]]] = []

    def __init__(self, context: ProviderContext) -> None:
        self.context = context
        self.pushed: list[Push] = []

    @classmethod
    def check_start_up(cls, config: Any, settings: Mapping[str, Any],
                       app_config: Mapping[str, Any]) -> None:
        cls.started.append(settings)
        if app_config.get("SCHOOL_BROKEN"):
            raise LMSConfigError("School LMS cannot work with SCHOOL_BROKEN")

    def blueprint(self) -> Blueprint:
        routes = Blueprint("school_lms", __name__)
        routes.add_url_rule("/school/ping", "ping", lambda: {"term": self.term})
        return routes

    @property
    def term(self) -> str:
        return str(self.context.settings["term"])

    def sign_in(self, credentials: Mapping[str, str]) -> LMSLogin:
        who = credentials.get("username", "token-user")
        return LMSLogin(f"school-token-{who}", {"id": who, "email": None, "name": who})

    def validate_token(self, token: str) -> bool:
        return token.startswith("school-token-")

    def user_info(self, token: str) -> dict[str, Any]:
        return {"id": token, "email": None, "name": None}

    def probe_url(self) -> str:
        return f"{self.context.config.root}/school/probe"

    def describe(self) -> dict[str, str]:
        return {"Term": self.term}

    def check(self, push: Push) -> None:
        """Takes everything."""

    def requests_planned(self, push: Push) -> int:
        return 1

    def send(self, push: Push) -> LMSCourseResult:
        self.pushed.append(push)
        return LMSCourseResult("school-course", [f"id-{item.asset_name}" for item in push.items])


@pytest.fixture
def school_app(lms):
    return create_app({"LMS_BASE_URL": lms.base_url, "LMS_PROVIDER": PATH, "TESTING": True})


def login(app, body):
    return app.test_client().post("/api/login-lms", headers=BEARER, json=body)


def test_a_dotted_path_names_the_provider_and_init_app_builds_it(school_app):
    assert isinstance(state_of(school_app).provider, SchoolProvider)


def test_its_login_bodies_are_the_route_schema_and_the_openapi_component(school_app):
    by_username = login(school_app, {"username": "ada", "password": "pw"})
    by_token = login(school_app, {"access_token": "abc"})
    by_email = login(school_app, {"email": "ada@example.edu", "password": "pw"})
    spec = school_app.test_client().get("/api/docs/openapi.json").json["components"]["schemas"]

    assert (by_username.status_code, by_token.status_code) == (200, 200)
    assert by_username.json["data"]["token"] == "school-token-ada"
    assert by_email.status_code == 422
    assert "School LMS takes a username and password" in by_email.json["detail"]
    assert spec["LoginRequest"]["oneOf"] == [
        {"$ref": "#/components/schemas/UsernameLogin"},
        {"$ref": "#/components/schemas/AccessTokenLogin"}]
    assert spec["UsernameLogin"]["required"] == ["username", "password"]


def test_half_a_login_body_names_the_missing_field(school_app):
    answer = login(school_app, {"username": "ada"})

    assert answer.status_code == 422
    assert answer.json["errors"] == {"password": ["Missing data for required field."]}


def test_its_keys_are_read_by_prefix_and_checked_at_start_up(lms):
    app = create_app({"LMS_BASE_URL": lms.base_url, "LMS_PROVIDER": PATH,
                      "LMS_SCHOOL_TERM": "spring"})

    assert state_of(app).provider.term == "spring"
    assert app.config["LMS_SCHOOL_TERM"] == "spring"
    with pytest.raises(LMSConfigError, match="LMS_SCHOOL_TERM"):
        create_app({"LMS_BASE_URL": lms.base_url, "LMS_PROVIDER": PATH,
                    "LMS_SCHOOL_TERM": "summer"})


def test_its_start_up_check_runs_in_init_app_before_the_app_changes(lms):
    with pytest.raises(LMSConfigError, match="SCHOOL_BROKEN"):
        create_app({"LMS_BASE_URL": lms.base_url, "LMS_PROVIDER": PATH,
                    "SCHOOL_BROKEN": True})

    assert SchoolProvider.started[-1] == {"term": "autumn"}


def test_its_blueprint_is_served_under_the_prefix(school_app):
    assert school_app.test_client().get("/api/school/ping").json == {"term": "autumn"}


def test_a_push_hands_it_parsed_items(school_app):
    client = school_app.test_client()
    token = login(school_app, {"username": "ada", "password": "pw"}).json["data"]["token"]

    answer = client.post("/api/courses/bio-101/push-to-lms", json={
        "asset_names": ["photosynthesis-quiz", "lesson-notes"]},
        headers={**BEARER, "X-LMS-Token": token})

    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["lms_content_ids"] == ["id-photosynthesis-quiz",
                                                      "id-lesson-notes"]
    [push] = state_of(school_app).provider.pushed
    assert push.items[0].question_set is not None and push.items[0].question_set.questions
    assert push.items[1].page is not None


def test_flask_lms_check_and_login_read_its_declarations(school_app, lms):
    runner = school_app.test_cli_runner()

    checked = runner.invoke(args=["lms", "check"])
    logged_in = runner.invoke(args=["lms", "login"], input="ada\npw\n")

    assert "Provider:       school (LMS_PROVIDER)" in checked.stdout
    assert "Term:           autumn" in checked.stdout
    assert f"GET {lms.base_url}/school/probe" in checked.output
    assert logged_in.exit_code == EXIT_OK, logged_in.output
    assert "LMS username" in logged_in.stderr and "LMS password" in logged_in.stderr


def test_registering_it_by_name_adds_its_keys_to_the_documented_table():
    register_provider("school", SchoolProvider)
    try:
        assert "LMS_SCHOOL_TERM" in {key.name for key in all_keys()}
    finally:
        del PROVIDERS["school"]


@click.command("school-term")
@with_appcontext
def school_term() -> None:
    """Print the term pushed courses belong to."""
    click.echo(state_of(current_app).provider.term)


class SchoolWithCommands(SchoolProvider):
    cli_commands = (school_term,)


def test_a_registered_provider_adds_its_commands_to_flask_lms(school_app):
    runner = school_app.test_cli_runner()
    register_provider("school", SchoolWithCommands)
    try:
        listed = runner.invoke(args=["lms", "--help"])
        ran = runner.invoke(args=["lms", "school-term"])
    finally:
        del PROVIDERS["school"]
    unregistered = runner.invoke(args=["lms", "school-term"])

    assert "school-term" in listed.output and "moodle-plugin" in listed.output
    assert ran.exit_code == EXIT_OK, ran.output
    assert ran.stdout == "autumn\n"
    assert unregistered.exit_code == 2
    assert "No such command 'school-term'" in unregistered.output


def test_a_class_without_the_interface_is_refused_by_name(lms):
    with pytest.raises(LMSConfigError, match=r"lacks .*sign_in"):
        create_app({"LMS_BASE_URL": lms.base_url,
                    "LMS_PROVIDER": f"{__name__}.NotAProvider"})


class NotAProvider:
    name = "nothing"


#: What would name an LMS in a module.
LMS_NAMES = re.compile(r"canvas|moodle|google|classroom", re.IGNORECASE)
#: Folders where naming an LMS is the point: the providers and their doubles, and the export
#: formats and packages named after an LMS's file format.
NAMED_FOR_AN_LMS = {"providers", "testing", "formats", "packages"}


def test_no_module_outside_the_lms_folders_names_an_lms():
    package = Path(lms_export_blueprint.__file__).parent
    found = [f"{path.relative_to(package.parent)}:{number}: {line.strip()}"
             for path in sorted(package.rglob("*.py"))
             if path.relative_to(package).parts[0] not in NAMED_FOR_AN_LMS
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if LMS_NAMES.search(line)]

    assert found == [], "\n".join(found)
