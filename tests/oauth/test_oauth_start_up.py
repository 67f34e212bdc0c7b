"""A developer key is checked at start-up; without one there is no flow and no route."""

from __future__ import annotations

import logging

import pytest
from conftest import BEARER
from host_app import create_app


def without(config, *names):
    return {key: value for key, value in config.items() if key not in names}


def test_a_developer_key_without_secret_key_refuses_to_start(oauth_config):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(without(oauth_config, "SECRET_KEY"))


@pytest.mark.parametrize("missing", ["LMS_CANVAS_CLIENT_SECRET", "LMS_CANVAS_REDIRECT_URI"])
def test_half_a_developer_key_refuses_to_start_naming_what_is_missing(oauth_config, missing):
    with pytest.raises(RuntimeError, match=missing):
        create_app(without(oauth_config, missing))


def test_a_developer_key_without_a_canvas_url_refuses_to_start(oauth_config):
    with pytest.raises(RuntimeError, match="LMS_BASE_URL"):
        create_app(without(oauth_config, "LMS_BASE_URL"))


def test_a_developer_key_with_a_token_store_that_keeps_nothing_refuses_to_start(oauth_config):
    with pytest.raises(RuntimeError, match="NullCache"):
        create_app({**oauth_config, "LMS_TOKEN_CACHE_TYPE": "NullCache"})


def test_a_redirect_uri_that_is_no_url_refuses_to_start(oauth_config):
    with pytest.raises(ValueError, match="LMS_CANVAS_REDIRECT_URI"):
        create_app({**oauth_config, "LMS_CANVAS_REDIRECT_URI": "frontend/callback"})


def test_without_a_developer_key_there_is_no_flow_and_no_route(canvas):
    app = create_app({"LMS_BASE_URL": canvas.base_url})

    assert app.extensions["lms_export"].state(app).oauth is None
    assert app.test_client().post("/api/lms-oauth/start", headers=BEARER).status_code == 404


def test_the_client_secret_is_in_no_start_up_log_nor_config_repr(oauth_config, caplog):
    caplog.set_level(logging.DEBUG)

    app = create_app(oauth_config)

    state = app.extensions["lms_export"].state(app)
    secret = oauth_config["LMS_CANVAS_CLIENT_SECRET"]
    assert secret not in caplog.text
    assert secret not in repr(state)


def test_the_client_secret_is_not_in_the_consent_page_url(client, oauth_config):
    url = client.post("/api/lms-oauth/start", headers=BEARER).json["authorization_url"]

    assert oauth_config["LMS_CANVAS_CLIENT_SECRET"] not in url
