"""What a host calls outside the routes works with Canvas too: helpers and the CLI."""

from __future__ import annotations

from lms_export_blueprint import get_lms_user_info, validate_lms_token
from lms_export_blueprint.cli import EXIT_NO, EXIT_OK


def test_validate_lms_token_asks_canvas(app, canvas, teacher):
    with app.app_context():
        assert validate_lms_token(teacher) is True
        assert validate_lms_token("not-a-token") is False
    assert len(canvas.calls_to("GET", "/api/v1/users/self")) == 2


def test_get_lms_user_info_reads_users_self(app, canvas, teacher):
    with app.app_context():
        user = get_lms_user_info(teacher)

    assert user == {"id": str(canvas.user_id(teacher)), "email": "ada@example.edu",
                    "name": "Ada Teacher"}


def test_flask_lms_validate_token_asks_canvas(app, canvas, teacher):
    runner = app.test_cli_runner()

    valid = runner.invoke(args=["lms", "validate-token"], input=teacher + "\n")
    canvas.revoke(teacher)
    revoked = runner.invoke(args=["lms", "validate-token"], input=teacher + "\n")

    assert (valid.exit_code, revoked.exit_code) == (EXIT_OK, EXIT_NO)


def test_flask_lms_check_probes_canvas_users_self(app, canvas):
    result = app.test_cli_runner().invoke(args=["lms", "check"])

    assert "LMS reachable: GET " in result.output
    assert "/api/v1/users/self answered 401" in result.output


def test_flask_lms_login_says_canvas_takes_an_access_token(app, canvas):
    result = app.test_cli_runner().invoke(args=["lms", "login", "--email", "a@b.c"])

    assert result.exit_code == EXIT_NO
    assert "validate-token" in result.output
    assert canvas.calls == []
