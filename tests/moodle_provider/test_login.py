"""Login to Moodle: login/token.php with the service, or a token; site info says who it is."""

from __future__ import annotations

import pytest

from .conftest import BEARER, PASSWORD


def login(client, **body):
    return client.post("/api/login-lms", headers=BEARER, json=body)


def test_username_and_password_get_a_token_for_the_service(client, moodle, manager):
    answer = login(client, username="ada", password=PASSWORD)
    assert answer.status_code == 200, answer.json
    token = answer.json["data"]["token"]
    assert moodle.tokens[token]["userid"] == manager
    assert answer.json["data"]["user"] == {"id": str(manager), "email": None,
                                           "name": "Ada Lovelace"}
    sent = moodle.calls[0]
    assert (sent.function, sent.params["username"], sent.params["service"]) == (
        "token.php", "ada", "lms_export")
    assert moodle.functions_called() == ["token.php", "core_webservice_get_site_info"]


def test_an_email_is_sent_as_the_username(client, moodle):
    grace = moodle.add_user("grace", PASSWORD, fullname="Grace Hopper", email="grace@navy.mil")
    assert login(client, email="grace@navy.mil", password=PASSWORD).status_code == 401
    moodle.login_by_email = True
    answer = login(client, email="grace@navy.mil", password=PASSWORD)
    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["user"]["id"] == str(grace)
    assert moodle.calls[-2].params["username"] == "grace@navy.mil"


def test_a_token_the_administrator_made_is_checked_with_site_info(client, moodle, manager):
    token = moodle.issue_token(manager)
    answer = login(client, access_token=token)
    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["token"] == token
    assert moodle.functions_called() == ["core_webservice_get_site_info"]


def test_the_service_named_in_config_is_asked_for(moodle_config, moodle, manager):
    from host_app import create_app
    client = create_app({**moodle_config, "LMS_MOODLE_SERVICE": "other"}).test_client()
    answer = login(client, username="ada", password=PASSWORD)
    # The double defines only lms_export: Moodle's servicenotavailable, passed on as a 502.
    assert answer.status_code == 502
    assert "Web service is not available" in answer.json["detail"]
    assert moodle.calls[0].params["service"] == "other"


def test_a_wrong_password_is_a_401(client, moodle, manager):
    answer = login(client, username="ada", password="wrong")
    assert answer.status_code == 401
    assert "wrong" not in str(answer.json)


def test_an_unknown_token_is_a_401(client, moodle):
    answer = login(client, access_token="0" * 32)
    assert answer.status_code == 401
    assert answer.json["detail"] == "LMS token expired or invalid"


def test_a_user_who_may_not_make_tokens_is_a_403_with_moodles_message(client, moodle):
    moodle.add_user("sam", PASSWORD, may_make_tokens=False)
    answer = login(client, username="sam", password=PASSWORD)
    assert answer.status_code == 403
    assert "No permission to create web service token" in answer.json["detail"]


@pytest.mark.parametrize("body", [{"username": "ada", "email": "ada@example.edu",
                                   "password": "x"},
                                  {"username": "ada", "access_token": "x"}])
def test_mixed_login_bodies_are_a_422(client, body):
    assert login(client, **body).status_code == 422


def test_a_token_with_a_space_is_a_422_before_anything_is_sent(client, moodle):
    answer = login(client, access_token="a b")
    assert answer.status_code == 422
    assert moodle.calls == []
