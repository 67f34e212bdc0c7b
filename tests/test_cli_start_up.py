"""`flask lms` as a newcomer meets it: a bad config value is one line, the check shows the
provider and its parts, warnings print once, and no mock-mode banner where no LMS is asked."""

from __future__ import annotations

import subprocess
import sys

import pytest
from host_app import create_app
from servers import EXAMPLES, _env

from lms_export_blueprint.cli import EXIT_CONFIG, EXIT_MOCK_MODE


def flask_lms(*args: str, **config: object) -> subprocess.CompletedProcess[str]:
    """``flask --app examples/wsgi.py lms ...`` in its own process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", str(EXAMPLES / "wsgi.py"), "lms", *args],
        env=_env(config), capture_output=True, text=True, timeout=60)


def test_a_bad_config_value_is_one_line_naming_the_key_and_exit_6():
    result = flask_lms("check", LMS_TIMEOUT=-1)

    assert result.returncode == EXIT_CONFIG
    assert result.stderr.strip().splitlines() == [
        "Config error: app.config['LMS_TIMEOUT'] must be a number greater than 0"]


def test_an_unknown_provider_is_one_line_naming_the_choices():
    result = flask_lms("check", LMS_PROVIDER="blackboard")

    assert result.returncode == EXIT_CONFIG
    [line] = result.stderr.strip().splitlines()
    assert "LMS_PROVIDER" in line and "'generic'" in line and "'canvas'" in line


def test_check_prints_each_warning_once():
    result = flask_lms("check", LMS_BASE_URL="http://lms.example.test", LMS_VERIFY_SSL=False,
                       LMS_AUTH_TIMEOUT=0.2)

    assert result.stderr.count("LMS_VERIFY_SSL is False") == 1
    assert result.stderr.count("LMS_BASE_URL is plain http") == 1


def test_a_command_that_asks_no_lms_shows_no_mock_mode_banner(tmp_path):
    result = flask_lms("package", "bio-101", "lesson-notes", "-o", str(tmp_path / "notes.imscc"))

    assert result.returncode == 0, result.stderr
    assert "MOCK MODE" not in result.stderr


def test_check_in_mock_mode_says_so_once():
    result = flask_lms("check")

    assert result.returncode == EXIT_MOCK_MODE
    assert result.stderr.count("MOCK MODE") == 1


@pytest.mark.parametrize(("config", "shown"), [
    ({"LMS_PROVIDER": "canvas", "LMS_CANVAS_QUIZ_ENGINE": "new"},
     ["Provider:       canvas (LMS_PROVIDER)", "Quiz engine:    new (LMS_CANVAS_QUIZ_ENGINE)",
      "Account:        (not set: pushes need lms_course_id)", "OAuth2:         off",
      "Jobs:           a thread pool in the app (4 threads)"]),
    ({}, ["Provider:       generic (LMS_PROVIDER)", "OAuth2:         off"]),
])
def test_check_shows_provider_quiz_engine_account_oauth_and_jobs(fake_lms, config, shown):
    app = create_app({"LMS_BASE_URL": fake_lms.base_url, **config})

    result = app.test_cli_runner().invoke(args=["lms", "check"])

    for line in shown:
        assert line in result.stdout.splitlines()


def test_worker_without_rq_is_the_documented_usage_error(fake_lms, monkeypatch):
    app = create_app({"LMS_BASE_URL": fake_lms.base_url})
    real_find_spec = __import__("importlib.util").util.find_spec
    monkeypatch.setattr("importlib.util.find_spec",
                        lambda name, *args: None if name == "rq" else real_find_spec(name, *args))

    result = app.test_cli_runner().invoke(args=["lms", "worker"])

    assert result.exit_code == 2
    assert "pip install 'lms-export-blueprint[jobs]'" in result.output
