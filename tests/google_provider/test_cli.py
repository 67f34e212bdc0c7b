"""flask lms check / login with LMS_PROVIDER google."""

from __future__ import annotations


def test_check_asks_classroom_for_the_user_profile(app, google):
    result = app.test_cli_runner().invoke(args=["lms", "check"])

    assert result.exit_code == 0, result.output
    assert f"LMS reachable: GET {google.base_url}/v1/userProfiles/me answered 401" in (
        result.output)


def test_login_with_a_password_says_google_takes_an_access_token(app, google):
    result = app.test_cli_runner().invoke(args=["lms", "login", "--email", "a@b.co"])

    assert result.exit_code != 0
    assert "Google needs OAuth2 or an access token, not an email and password" in result.output
    assert google.calls == []
