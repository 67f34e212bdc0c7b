"""`flask lms check | validate-token | login`: messages, exit codes, and no secret on show."""

from __future__ import annotations

import pytest
from conftest import TEACHER_EMAIL, TEACHER_PASSWORD
from flask import Flask
from host_app import create_app

from lms_export_blueprint import LMSExport
from lms_export_blueprint.cli import (
    EXIT_LMS_FAILED,
    EXIT_MOCK_MODE,
    EXIT_NO,
    EXIT_OK,
    EXIT_SET_UP_INCOMPLETE,
)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def mock_mode_runner(app_config):
    return create_app(app_config).test_cli_runner()


def login_args(*extra: str) -> list[str]:
    return ["lms", "login", "--email", TEACHER_EMAIL, *extra]


# --- check -------------------------------------------------------------------------------------


def test_check_reports_a_reachable_lms_with_the_time_it_took(runner, lms):
    result = runner.invoke(args=["lms", "check"])

    assert result.exit_code == EXIT_OK, result.output
    assert f"LMS reachable: GET {lms.base_url}/api/v1/auth/validate answered 401 in " in (
        result.output)
    assert " ms" in result.output
    assert lms.calls_to("GET", "/auth/validate")


def test_check_fails_with_4_when_the_lms_refuses_the_connection(runner, lms):
    lms.refuse_next()

    result = runner.invoke(args=["lms", "check"])

    assert result.exit_code == EXIT_LMS_FAILED
    assert "LMS not reachable" in result.stderr


def test_check_fails_with_4_and_a_hint_when_the_api_path_is_wrong(runner, lms):
    lms.fail_next(404)

    result = runner.invoke(args=["lms", "check"])

    assert result.exit_code == EXIT_LMS_FAILED
    assert "answered 404" in result.stderr
    assert "LMS_API_VERSION" in result.stderr


def test_check_says_mock_mode_clearly_and_exits_3(mock_mode_runner):
    result = mock_mode_runner.invoke(args=["lms", "check"])

    assert result.exit_code == EXIT_MOCK_MODE
    assert "MOCK MODE: LMS_BASE_URL is not set" in result.stderr
    assert "(not set: mock mode)" in result.stdout


def test_check_warns_about_unverified_ssl_and_plain_http(lms, app_config):
    app = create_app({**app_config, "LMS_BASE_URL": "http://lms.example.test",
                      "LMS_VERIFY_SSL": False})

    result = app.test_cli_runner().invoke(args=["lms", "check"])

    assert "Warning: LMS_VERIFY_SSL is False" in result.stderr
    assert "Warning: LMS_BASE_URL is plain http" in result.stderr


def test_check_fails_with_5_naming_each_missing_loader(lms):
    app = Flask(__name__)
    app.config["LMS_BASE_URL"] = lms.base_url
    LMSExport(app, user_loader=lambda token: None)

    result = app.test_cli_runner().invoke(args=["lms", "check"])

    assert result.exit_code == EXIT_SET_UP_INCOMPLETE
    assert "@lms_export.course_loader" in result.stderr
    assert "@lms_export.asset_loader" in result.stderr
    assert "user_loader" not in result.stderr


def test_check_warns_when_the_base_url_already_holds_the_api_path(lms, app_config):
    app = create_app({**app_config, "LMS_BASE_URL": lms.base_url + "/api/v1"})

    result = app.test_cli_runner().invoke(args=["lms", "check"])

    assert "Warning: LMS_BASE_URL ends in /api/vN" in result.stderr


def test_check_is_quiet_about_a_sane_config(runner):
    result = runner.invoke(args=["lms", "check"])

    assert "Warning" not in result.output


# --- validate-token ----------------------------------------------------------------------------


def test_validate_token_from_stdin_exits_0_for_a_valid_token(runner, lms):
    token = lms.issue_token(TEACHER_EMAIL)

    result = runner.invoke(args=["lms", "validate-token"], input=token + "\n")

    assert result.exit_code == EXIT_OK, result.output
    assert "is valid" in result.stdout
    assert token not in result.output


def test_validate_token_exits_1_for_an_expired_token(runner, lms):
    token = lms.issue_token(TEACHER_EMAIL, ttl=-10)

    result = runner.invoke(args=["lms", "validate-token"], input=token + "\n")

    assert result.exit_code == EXIT_NO
    assert "invalid or expired" in result.stderr
    assert token not in result.output


def test_validate_token_refuses_a_token_on_the_command_line_without_echoing_it(runner, lms):
    token = lms.issue_token(TEACHER_EMAIL)

    result = runner.invoke(args=["lms", "validate-token", token])

    assert result.exit_code == 2
    assert "never from the command line" in result.output
    assert token not in result.output
    assert not lms.calls_to("GET", "/auth/validate")


def test_validate_token_with_empty_stdin_is_a_usage_error(runner):
    result = runner.invoke(args=["lms", "validate-token"], input="\n")

    assert result.exit_code == 2


def test_validate_token_exits_4_when_the_lms_is_down(runner, lms):
    lms.refuse_next(times=10)

    result = runner.invoke(args=["lms", "validate-token"], input="some-token\n")

    assert result.exit_code == EXIT_LMS_FAILED
    assert "Could not connect" in result.stderr


def test_validate_token_in_mock_mode_exits_3(mock_mode_runner):
    result = mock_mode_runner.invoke(args=["lms", "validate-token"], input="mock_x\n")

    assert result.exit_code == EXIT_MOCK_MODE
    assert "MOCK MODE" in result.stderr


# --- login -------------------------------------------------------------------------------------


def test_login_prints_a_masked_token_and_never_the_password(runner, lms):
    result = runner.invoke(args=login_args(), input=TEACHER_PASSWORD + "\n")

    assert result.exit_code == EXIT_OK, result.output
    assert f"<{TEACHER_EMAIL}>" in result.output
    assert "Token: eyJh…#" in result.stdout
    assert TEACHER_PASSWORD not in result.output
    assert lms.calls_to("POST", "/auth/signin")


def test_login_prompts_for_the_email_when_not_given(runner):
    result = runner.invoke(args=["lms", "login"],
                           input=f"{TEACHER_EMAIL}\n{TEACHER_PASSWORD}\n")

    assert result.exit_code == EXIT_OK, result.output
    assert "LMS email" in result.stderr


def test_login_with_show_token_prints_only_the_token_on_stdout(runner, lms):
    result = runner.invoke(args=login_args("--show-token"), input=TEACHER_PASSWORD + "\n")

    assert result.exit_code == EXIT_OK, result.output
    token = result.stdout.strip()
    assert "\n" not in token
    assert token.count(".") == 2  # the reference LMS issues JWTs
    assert TEACHER_PASSWORD not in result.output


def test_login_token_shown_is_one_the_lms_accepts(runner):
    shown = runner.invoke(args=login_args("--show-token"), input=TEACHER_PASSWORD + "\n")

    checked = runner.invoke(args=["lms", "validate-token"], input=shown.stdout)

    assert checked.exit_code == EXIT_OK, checked.output


def test_login_with_a_wrong_password_exits_1_without_echoing_it(runner):
    result = runner.invoke(args=login_args(), input="not-the-password\n")

    assert result.exit_code == EXIT_NO
    assert "LMS rejected the email or password" in result.stderr
    assert "not-the-password" not in result.output


def test_login_exits_4_when_the_lms_times_out(runner, lms):
    lms.timeout_next(times=10)

    result = runner.invoke(args=login_args(), input=TEACHER_PASSWORD + "\n")

    assert result.exit_code == EXIT_LMS_FAILED
    assert "LMS login failed: Request timeout" in result.stderr


def test_login_in_mock_mode_exits_3(mock_mode_runner):
    result = mock_mode_runner.invoke(args=login_args(), input="whatever\n")

    assert result.exit_code == EXIT_MOCK_MODE
    assert "whatever" not in result.output


def test_password_cannot_be_passed_on_the_command_line(runner):
    result = runner.invoke(args=login_args("--password", TEACHER_PASSWORD))

    assert result.exit_code == 2
