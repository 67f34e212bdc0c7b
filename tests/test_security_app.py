"""Bad input that was a 500, mock mode, and per-app state (issue 9, items 10, 11, 14-16)."""

from __future__ import annotations

import threading

import pytest
import requests
from conftest import BEARER, push
from flask import Flask
from flask_caching import Cache
from flask_smorest import Api
from host_app import create_app
from werkzeug.serving import make_server

from lms_export_blueprint import LMSExport

COURSE = {"name": "Algebra", "description": "Equations"}
NOTES = {"asset_name": "notes", "asset_type": "notes", "asset_content": "x = 2"}


def make_app(**config) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **config)
    return app


# --- 10. a lone surrogate is a 422


@pytest.mark.parametrize(("route", "body", "field"), [
    ("/api/login-lms", '{"email": "t@example.edu", "password": "pw\\ud800"}', "password"),
    ("/api/courses/bio-101/push-to-lms",
     '{"asset_names": ["lesson-notes"], "lms_course_id": "\\ud800"}', "lms_course_id"),
    ("/api/courses/bio-101/push-to-lms", '{"asset_names": ["\\udfff"]}', "asset_names"),
])
def test_a_lone_surrogate_is_a_422_naming_the_field(fake_lms, route, body, field):
    client = create_app({"LMS_BASE_URL": fake_lms.base_url, "TESTING": True}).test_client()

    response = client.post(route, data=body, content_type="application/json",
                           headers={**BEARER, "X-LMS-Token": "tok"})

    assert response.status_code == 422
    assert field in response.json["errors"]


# --- 11. a chunked body over MAX_CONTENT_LENGTH is the JSON 413


@pytest.fixture
def served():
    """The host app on a real server: only a real server hands over a chunked body."""
    app = create_app({"MAX_CONTENT_LENGTH": 1000})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def chunks(body: bytes):
    for start in range(0, len(body), 100):
        yield body[start:start + 100]


def test_a_chunked_body_over_max_content_length_is_the_json_413(served):
    body = b'{"asset_names": ["' + b"a" * 5000 + b'"]}'

    response = requests.post(served + "/api/courses/bio-101/push-to-lms", data=chunks(body),
                             headers={**BEARER, "Content-Type": "application/json"}, timeout=10)

    assert response.status_code == 413
    assert "detail" in response.json()


def test_a_chunked_body_under_the_limit_is_read_whole(served):
    body = b'{"asset_names": ["lesson-notes"], "publsh": true}'

    response = requests.post(served + "/api/courses/bio-101/push-to-lms", data=chunks(body),
                             headers={**BEARER, "Content-Type": "application/json"}, timeout=10)

    assert response.status_code == 422  # the misspelt key was read: the body arrived whole
    assert "publsh" in response.json()["errors"]


# --- 14. mock mode


def test_in_mock_mode_a_real_token_is_told_so_at_once(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("lms_export_blueprint.transport.time.sleep", slept.append)
    client = create_app({"TESTING": True}).test_client()

    response = push(client, "a-real-looking-token")

    assert response.status_code == 503
    assert "mock mode" in response.json["detail"]
    assert slept == []


# --- 15. loaders given to init_app belong to that app


def test_loaders_given_to_init_app_serve_only_that_app():
    ext = LMSExport()
    first, second = make_app(), make_app()
    ext.init_app(first, user_loader=lambda token: "first-user" if token == "a" else None)
    ext.init_app(second, user_loader=lambda token: "second-user" if token == "b" else None)

    answers = [
        app.test_client().post("/api/login-lms", json={"email": "t@example.edu", "password": "p"},
                               headers={"Authorization": f"Bearer {token}"}).status_code
        for app, token in [(first, "a"), (first, "b"), (second, "b"), (second, "a")]
    ]

    assert answers == [200, 401, 200, 401]  # mock mode: a known user logs in


def test_a_decorated_loader_is_the_shared_default():
    ext = LMSExport()
    first, second = make_app(), make_app()
    ext.init_app(first)
    ext.init_app(second, user_loader=lambda token: "own")
    ext.user_loader(lambda token: "shared")

    with first.app_context():
        assert ext.loaders.user("x") == "shared"
    with second.app_context():
        assert ext.loaders.user("x") == "own"


# --- 16. api= and cache= given with an app are that app's; init_app is atomic


def test_an_api_given_with_one_app_is_not_reused_for_the_next():
    first = make_app(API_TITLE="a", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    api = Api(first)
    ext = LMSExport(first, api=api)
    second = make_app()

    ext.init_app(second)

    assert "lms_export" in second.blueprints
    assert ext.state(second).config is not None
    assert "/api/login-lms" in {rule.rule for rule in second.url_map.iter_rules()}


def test_a_cache_given_with_one_app_is_not_reused_for_the_next():
    first = make_app()
    cache = Cache(first, config={"CACHE_TYPE": "SimpleCache"})
    ext = LMSExport(first, cache=cache)
    second = make_app()

    ext.init_app(second)

    # tokens.cache puts the app's keys in its namespace; .wrapped is the backend it was given
    assert ext.state(first).tokens.cache.wrapped is cache
    assert ext.state(second).tokens.cache.wrapped is not cache


def snapshot(app: Flask):
    return dict(app.extensions), dict(app.config), dict(app.blueprints)


@pytest.mark.parametrize("breaks", ["config", "blueprint", "foreign-api", "jobs-without-secret"])
def test_a_failing_init_app_leaves_the_app_untouched(breaks):
    app = make_app(LMS_DEADLINE=-1) if breaks == "config" else make_app()
    if breaks == "jobs-without-secret":
        app = make_app(LMS_JOBS_REDIS_URL="redis://127.0.0.1:1/0", SECRET_KEY=None)
    api = None
    if breaks == "blueprint":
        from flask import Blueprint
        app.register_blueprint(Blueprint("lms_export", __name__))
    if breaks == "foreign-api":
        api = Api(make_app(API_TITLE="a", API_VERSION="1", OPENAPI_VERSION="3.0.3"))
    before = snapshot(app)

    with pytest.raises((RuntimeError, ValueError)):
        LMSExport().init_app(app, api=api)

    assert snapshot(app) == before
    assert "lms_export" not in app.extensions
