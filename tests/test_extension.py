"""LMSExport as a Flask extension: init_app, loaders, config, the host's Api and cache."""

from __future__ import annotations

import inspect

import pytest
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD
from flask import Flask
from flask_caching import Cache
from flask_smorest import Api, Blueprint

from lms_export_blueprint import LMSExport
from lms_export_blueprint.config import LMSConfig
from lms_export_blueprint.views import documented_errors

COURSE = {"name": "Algebra", "description": "Equations"}
NOTES = {"asset_name": "notes", "asset_type": "notes", "asset_content": "x = 2"}


def make_app(**config) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **config)
    return app


def wire(ext: LMSExport) -> LMSExport:
    ext.user_loader(lambda token: "u1" if token == "good" else None)
    ext.course_loader(lambda course_id: COURSE if course_id == "alg" else None)
    ext.asset_loader(lambda course_id, name: NOTES if name == "notes" else None)
    return ext


def test_registers_itself_in_app_extensions():
    app = make_app()
    ext = LMSExport(app)

    assert app.extensions["lms_export"] is ext


def test_one_extension_serves_several_apps_with_their_own_config():
    ext = LMSExport()
    first, second = make_app(LMS_TIMEOUT=5), make_app(LMS_TIMEOUT=7)
    ext.init_app(first)
    ext.init_app(second)

    assert ext.state(first).config.timeout == 5
    assert ext.state(second).config.timeout == 7
    assert ext.state(first).client is not ext.state(second).client


def test_registering_twice_on_one_app_is_refused():
    app = make_app()
    LMSExport(app)

    with pytest.raises(RuntimeError, match="already registered"):
        LMSExport(app)


def test_state_outside_an_initialised_app_says_what_to_do():
    with make_app().app_context(), pytest.raises(RuntimeError, match="init_app"):
        LMSExport().state()


def test_every_config_key_has_the_documented_default():
    app = make_app()
    LMSExport(app)

    for key, default in {"LMS_BASE_URL": None, "LMS_API_VERSION": "v1", "LMS_TIMEOUT": 30,
                         "LMS_AUTH_TIMEOUT": 10, "LMS_RETRY_ATTEMPTS": 3,
                         "LMS_TOKEN_CACHE_TTL": 300, "LMS_EXPORT_URL_PREFIX": "/api",
                         "LMS_VERIFY_SSL": True}.items():
        assert app.config[key] == default, key


@pytest.mark.parametrize(("key", "value"), [
    ("LMS_TIMEOUT", 0), ("LMS_TIMEOUT", "30"), ("LMS_RETRY_ATTEMPTS", -1),
    ("LMS_BASE_URL", "lms.example.edu"), ("LMS_EXPORT_URL_PREFIX", "api"),
    ("LMS_TOKEN_CACHE_TTL", -5),
])
def test_bad_config_fails_at_start_up_naming_the_key(key, value):
    with pytest.raises(ValueError, match=key):
        LMSExport(make_app(**{key: value}))


def test_api_root_joins_base_url_and_version():
    config = LMSConfig.from_mapping({**_defaults(), "LMS_BASE_URL": "https://lms.edu/",
                                     "LMS_API_VERSION": "v2"})

    assert config.api_root == "https://lms.edu/api/v2"


def _defaults():
    app = make_app()
    LMSExport(app)
    return dict(app.config)


def test_loaders_can_be_keyword_arguments(fake_lms):
    fake_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = make_app(LMS_BASE_URL=fake_lms.base_url)
    LMSExport(app, user_loader=lambda token: "u1", course_loader=lambda c: COURSE,
              asset_loader=lambda c, n: NOTES)
    client = app.test_client()
    token = client.post("/api/login-lms", headers={"Authorization": "Bearer any"},
                        json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
                        ).json["data"]["token"]

    response = client.post("/api/courses/alg/push-to-lms", json={"asset_names": ["notes"]},
                           headers={"Authorization": "Bearer any", "X-LMS-Token": token})

    assert response.status_code == 200


def test_a_missing_loader_is_a_500_naming_the_decorator():
    app = make_app()
    LMSExport(app)

    response = app.test_client().post("/api/login-lms", headers=BEARER, json={})

    assert response.status_code == 500
    assert "@lms_export.token_loader" in response.json["detail"]


def test_url_prefix_moves_the_routes():
    app = make_app(LMS_EXPORT_URL_PREFIX="/lms")
    wire(LMSExport(app))

    assert app.test_client().post("/lms/login-lms", headers={"Authorization": "Bearer good"},
                                  json={"email": "a@b.co", "password": "p"}).status_code == 200
    assert app.test_client().post("/api/login-lms").status_code == 404


def test_routes_go_into_the_hosts_api_when_given():
    app = make_app(API_TITLE="Host", API_VERSION="2", OPENAPI_VERSION="3.0.3",
                   OPENAPI_URL_PREFIX="/docs")
    api = Api(app)
    wire(LMSExport(app, api=api))

    spec = app.test_client().get("/docs/openapi.json").json
    assert "/api/login-lms" in spec["paths"]
    assert "/api/courses/{course_id}/push-to-lms" in spec["paths"]
    assert app.test_client().get("/api/docs/openapi.json").status_code == 404


def test_a_hosts_api_found_in_app_extensions_is_used():
    app = make_app(API_TITLE="Host", API_VERSION="2", OPENAPI_VERSION="3.0.3",
                   OPENAPI_URL_PREFIX="/docs")
    Api(app)
    wire(LMSExport(app))

    assert "/api/login-lms" in app.test_client().get("/docs/openapi.json").json["paths"]


def test_without_a_host_api_it_serves_its_own_docs_and_leaves_host_errors_alone():
    app = make_app()
    wire(LMSExport(app))

    @app.get("/host-route")
    def host_route():
        return {"ok": True}

    client = app.test_client()
    spec = client.get("/api/docs/openapi.json").json
    assert set(spec["paths"]) == {"/api/login-lms", "/api/courses/{course_id}/push-to-lms",
                                  "/api/courses/{course_id}/export-package",
                                  "/api/lms-exports/{job_id}", "/api/lms-exports/{job_id}/file"}
    assert client.get("/api/docs/swagger-ui").status_code == 200
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and missing.mimetype == "text/html"  # Flask's own


def test_a_host_api_created_later_does_not_clash():
    app = make_app(API_TITLE="Host", API_VERSION="2", OPENAPI_VERSION="3.0.3",
                   OPENAPI_URL_PREFIX="/docs")
    wire(LMSExport(app))
    Api(app)

    assert app.test_client().get("/docs/openapi.json").status_code == 200
    assert app.test_client().get("/api/docs/openapi.json").status_code == 200


def test_the_openapi_document_describes_bodies_responses_and_errors():
    app = make_app()
    wire(LMSExport(app))
    spec = app.test_client().get("/api/docs/openapi.json").json

    push = spec["paths"]["/api/courses/{course_id}/push-to-lms"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PushRequest")
    assert {"200", "400", "401", "403", "404", "422", "429", "502", "503", "504"} <= set(
        push["responses"])
    schemas = spec["components"]["schemas"]
    assert "password" in schemas["LoginRequest"]["properties"]
    assert schemas["LMSExportError"]["required"] == ["detail"]
    assert not {"Error", "PaginationMetadata"} & set(schemas)  # flask-smorest's, unused here


def test_documented_errors_add_one_call_layer_not_one_per_status():
    """smorest's ``doc`` and ``alt_response`` each wrap the view in a layer that looks the
    app up and calls ``ensure_sync``: the push paid for eleven of them on every request."""
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    blp = Blueprint("documented", __name__)
    depths = []

    def view():
        depths.append(len(inspect.stack(0)))
        return "ok"

    documented = documented_errors(blp, {404: "No such thing", 409: "Busy", 422: "Bad"})(view)
    blp.route("/thing")(documented)
    api = Api(app)
    api.register_blueprint(blp)
    with app.test_request_context():
        view()
        documented()

    assert depths[1] == depths[0] + 1
    operation = api.spec.to_dict()["paths"]["/thing"]["get"]
    assert {"404", "409", "422"} <= set(operation["responses"])
    assert operation["responses"]["409"]["description"] == "Busy"
    assert operation["security"] == [{"hostBearer": []}]


def test_a_registered_format_is_accepted_and_shown_in_the_openapi_document(fake_lms):
    fake_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = make_app(LMS_BASE_URL=fake_lms.base_url)
    ext = wire(LMSExport(app))
    ext.register_format("plain", lambda asset: str(asset["asset_content"]).upper())
    client = app.test_client()
    token = fake_lms.issue_token(TEACHER_EMAIL)

    response = client.post("/api/courses/alg/push-to-lms",
                           json={"asset_names": ["notes"], "export_format": "plain"},
                           headers={"Authorization": "Bearer good", "X-LMS-Token": token})

    assert response.status_code == 200
    (course,) = fake_lms.courses.values()
    assert course["assets"][0]["content"] == "X = 2"
    assert course["assets"][0]["format"] == "plain"
    enum = client.get("/api/docs/openapi.json").json["components"]["schemas"][
        "PushRequest"]["properties"]["export_format"]["enum"]
    assert "plain" in enum and "lms_standard" in enum


def test_host_cache_is_used_for_the_token_store(fake_lms):
    fake_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = make_app(LMS_BASE_URL=fake_lms.base_url)
    cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
    wire(LMSExport(app, cache=cache))

    token = app.test_client().post("/api/login-lms", headers={"Authorization": "Bearer good"},
                                   json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
                                   ).json["data"]["token"]

    with app.app_context():
        assert cache.get(_store_key(app, token))["user_id"] == "u1"


def _store_key(app, token: str) -> str:
    """The token's key in the host's cache: inside the app's key namespace."""
    from lms_export_blueprint.tokens import TokenStore
    return app.extensions["lms_export"].state(app).tokens.cache.key(TokenStore.key(token))


def test_validate_lms_token_and_get_lms_user_info_use_the_current_app(fake_lms):
    from lms_export_blueprint import get_lms_user_info, validate_lms_token

    fake_lms.add_user(TEACHER_EMAIL, TEACHER_PASSWORD)
    app = make_app(LMS_BASE_URL=fake_lms.base_url)
    LMSExport(app)
    token = fake_lms.issue_token(TEACHER_EMAIL)

    with app.app_context():
        assert validate_lms_token(token) is True
        assert validate_lms_token("forged") is False
        assert get_lms_user_info(token)["email"] == TEACHER_EMAIL


def test_a_format_registered_globally_after_start_up_is_documented_too(monkeypatch):
    from lms_export_blueprint import formats

    isolated = formats.default_registry.child()  # so the test's format stays in the test
    monkeypatch.setattr(formats, "default_registry", isolated)
    monkeypatch.setattr("lms_export_blueprint.extension.default_registry", isolated)
    app = make_app()
    wire(LMSExport(app))
    formats.register_format("late_format", lambda asset: None)

    enum = app.test_client().get("/api/docs/openapi.json").json["components"]["schemas"][
        "PushRequest"]["properties"]["export_format"]["enum"]
    assert "late_format" in enum


def test_a_hosts_api_with_a_docs_path_and_no_script_url_gets_the_page_offline():
    settings = {"API_TITLE": "Host", "API_VERSION": "2", "OPENAPI_VERSION": "3.0.3",
                "OPENAPI_URL_PREFIX": "/docs", "OPENAPI_SWAGGER_UI_PATH": "/swagger-ui"}
    alone = make_app(**settings)
    Api(alone)
    assert alone.test_client().get("/docs/swagger-ui").status_code == 404  # flask-smorest's
    app = make_app(**settings)
    wire(LMSExport(app, api=Api(app)))

    client = app.test_client()
    page = client.get("/docs/swagger-ui")
    assert page.status_code == 200
    assert "/api/docs/swagger-ui-assets/swagger-ui-bundle.js" in page.text
    assert "/docs/openapi.json" in page.text
    assert client.get("/api/docs/swagger-ui-assets/swagger-ui-bundle.js").status_code == 200


def test_a_hosts_own_script_url_and_a_host_without_a_docs_page_are_left_alone():
    cdn = "https://cdn.example.test/swagger-ui/"
    with_cdn = make_app(API_TITLE="Host", API_VERSION="2", OPENAPI_VERSION="3.0.3",
                        OPENAPI_URL_PREFIX="/docs", OPENAPI_SWAGGER_UI_PATH="/swagger-ui",
                        OPENAPI_SWAGGER_UI_URL=cdn)
    wire(LMSExport(with_cdn, api=Api(with_cdn)))
    no_page = make_app(API_TITLE="Host", API_VERSION="2", OPENAPI_VERSION="3.0.3",
                       OPENAPI_URL_PREFIX="/docs")
    wire(LMSExport(no_page, api=Api(no_page)))

    page = with_cdn.test_client().get("/docs/swagger-ui")
    assert page.status_code == 200 and cdn + "swagger-ui-bundle.js" in page.text
    assert "swagger-ui-assets" not in page.text
    assert no_page.test_client().get("/docs/swagger-ui").status_code == 404
    # the assets are there for a host that points OPENAPI_SWAGGER_UI_URL at them
    assert no_page.test_client().get(
        "/api/docs/swagger-ui-assets/swagger-ui.css").status_code == 200
