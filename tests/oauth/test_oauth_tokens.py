"""What the Canvas provider asks: the access token behind a handle, and a refresh after a 401."""

from __future__ import annotations

import logging

import pytest

from lms_export_blueprint.errors import LMSBadResponse, LMSTokenInvalid, LMSUnavailable

from .conftest import canvas_answer, connect, finish, start, users_self


def refresh_token_of(canvas, access_token: str) -> str:
    return canvas._tokens[access_token].refresh_token


def test_access_token_for_gives_the_canvas_token_behind_the_handle(client, canvas, oauth):
    handle = connect(client)

    assert users_self(canvas, oauth.access_token_for(handle)).status_code == 200


def test_access_token_for_passes_a_personal_access_token_through(oauth, canvas_teacher):
    assert oauth.access_token_for(canvas_teacher) == canvas_teacher


def test_an_expired_access_token_is_refreshed_behind_the_same_handle(client, canvas, oauth):
    handle = connect(client)
    canvas.clock.advance(3601)
    expired = users_self(canvas, oauth.access_token_for(handle))
    assert expired.status_code == 401 and "WWW-Authenticate" in expired.headers

    renewed = oauth.refresh(handle)

    assert renewed is not None
    assert oauth.access_token_for(handle) == renewed
    assert users_self(canvas, renewed).status_code == 200


def test_a_refresh_sends_the_refresh_token_canvas_gave(client, canvas, oauth):
    handle = connect(client)
    first = oauth.access_token_for(handle)

    oauth.refresh(handle)

    [refresh] = [call for call in canvas.calls_to("POST", "/login/oauth2/token")
                 if call.params.get("grant_type") == "refresh_token"]
    assert refresh.params["refresh_token"] == refresh_token_of(canvas, first)


def test_the_connection_survives_two_refreshes(client, canvas, oauth):
    handle = connect(client)  # Canvas does not resend the refresh token: ours is kept
    assert oauth.refresh(handle) is not None
    canvas.clock.advance(3601)

    assert users_self(canvas, oauth.refresh(handle)).status_code == 200


def test_refresh_of_a_token_that_is_not_ours_is_none(oauth, canvas_teacher):
    assert oauth.refresh(canvas_teacher) is None


def test_a_refresh_canvas_refuses_forgets_the_connection(client, canvas, oauth, app_state):
    handle = connect(client)
    canvas.revoke(oauth.access_token_for(handle))  # the teacher removed the app in Canvas

    assert oauth.refresh(handle) is None
    assert app_state.tokens.bound_user(handle) is None
    with pytest.raises(LMSTokenInvalid):
        oauth.access_token_for(handle)


def test_canvas_down_during_a_refresh_keeps_the_connection(client, canvas, oauth):
    handle = connect(client)
    canvas.refuse_next(path="/login/oauth2/token")

    with pytest.raises(LMSUnavailable):
        oauth.refresh(handle)
    assert oauth.refresh(handle) is not None


def test_a_developer_key_canvas_refuses_keeps_every_connection(client, canvas, oauth,
                                                               developer_key):
    handle = connect(client)
    canvas.developer_keys[developer_key[0]]["secret"] = "rotated-in-canvas"

    with pytest.raises(LMSBadResponse):
        oauth.refresh(handle)
    canvas.developer_keys[developer_key[0]]["secret"] = developer_key[1]
    assert oauth.refresh(handle) is not None


def test_a_handle_the_store_lost_is_an_invalid_token(client, oauth, app_state):
    handle = connect(client)
    app_state.tokens.cache.clear()  # a SimpleCache restarted, a Redis flushed

    with pytest.raises(LMSTokenInvalid, match="Connect Canvas again"):
        oauth.access_token_for(handle)
    assert oauth.refresh(handle) is None


def test_a_handle_sealed_under_another_secret_key_is_an_invalid_token(client, oauth_config,
                                                                       canvas_teacher):
    from host_app import create_app

    first = create_app(oauth_config)
    handle = connect(first.test_client())
    state = first.extensions["lms_export"].state(first)
    cache = state.tokens.cache
    rekeyed = create_app({**oauth_config, "SECRET_KEY": "another-key"})
    other = rekeyed.extensions["lms_export"].state(rekeyed).oauth
    other._connections.cache = cache  # the same store, read under another key

    with pytest.raises(LMSTokenInvalid):
        other.access_token_for(handle)


def test_the_handle_stays_its_owners_when_the_stores_trust_runs_out(client, oauth, app_state):
    handle = connect(client)
    app_state.tokens.forget(handle)  # LMS_TOKEN_CACHE_TTL passed

    oauth.access_token_for(handle)  # the provider asks for the Canvas token to validate it

    assert app_state.tokens.bind(handle, "student-7") is False
    assert app_state.tokens.bound_user(handle) == "teacher-1"


def test_the_cache_holds_neither_canvas_tokens_nor_the_handle(client, canvas, oauth,
                                                               app_state):
    handle = connect(client)
    access = oauth.access_token_for(handle)
    stored = repr(app_state.tokens.cache.cache._cache)  # SimpleCache's dict, pickled values

    assert handle not in stored
    assert access not in stored
    assert refresh_token_of(canvas, access) not in stored


def test_no_refresh_token_reaches_an_answer_a_log_line_or_a_repr(client, canvas, oauth,
                                                                  app_state, caplog):
    caplog.set_level(logging.DEBUG)
    answer = finish(client, canvas_answer(start(client)))
    handle = answer.json["data"]["token"]
    access = oauth.access_token_for(handle)
    canvas.clock.advance(3601)
    oauth.refresh(handle)
    refresh_token = refresh_token_of(canvas, access)
    connection = oauth._connections.load(handle)

    shown = [answer.get_data(as_text=True), caplog.text, repr(app_state), repr(oauth),
             repr(connection), repr(app_state.config)]
    assert [refresh_token in text for text in shown] == [False] * len(shown)
    assert app_state.config.provider_values["LMS_CANVAS_CLIENT_SECRET"] not in " ".join(shown)
