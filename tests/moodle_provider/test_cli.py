"""`flask lms check` and `flask lms login` with LMS_PROVIDER moodle."""

from __future__ import annotations

from lms_export_blueprint.cli import EXIT_NO, EXIT_OK

from .conftest import PASSWORD


def test_check_probes_the_rest_server_and_shows_the_moodle_settings(app, moodle):
    result = app.test_cli_runner().invoke(args=["lms", "check"])

    assert result.exit_code == EXIT_OK, result.output
    assert f"GET {moodle.base_url}/webservice/rest/server.php answered 200" in result.output
    assert "lms_export (LMS_MOODLE_SERVICE)" in result.output


def test_login_prompts_for_a_username_and_a_hidden_password(app, moodle, manager):
    result = app.test_cli_runner().invoke(args=["lms", "login"], input=f"ada\n{PASSWORD}\n")

    assert result.exit_code == EXIT_OK, result.output
    assert "as Ada Lovelace <None>" in result.output
    assert PASSWORD not in result.output


def test_a_wrong_password_at_the_prompt_exits_no(app, moodle, manager):
    result = app.test_cli_runner().invoke(args=["lms", "login"], input="ada\nwrong\n")

    assert result.exit_code == EXIT_NO, result.output
