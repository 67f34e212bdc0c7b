"""The host's hooks: token_loader (user_loader's new name) and error_body (docs/routes.md)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest
from flask import Flask
from flask_smorest import Api
from test_extension import COURSE, NOTES, make_app

from lms_export_blueprint import LMSExport, LMSExportError


def loaders(**overrides: Any) -> dict[str, Any]:
    return {"course_loader": lambda course_id: COURSE if course_id == "alg" else None,
            "asset_loader": lambda course_id, name: NOTES if name == "notes" else None,
            **overrides}


def login(app: Flask, token: str = "good", **body: Any):
    return app.test_client().post("/api/login-lms", headers={"Authorization": f"Bearer {token}"},
                                  json=body or {"email": "a@b.co", "password": "p"})


def test_token_loader_is_given_the_bearer_token():
    seen: list[str] = []
    app = make_app()
    ext = LMSExport(app, **loaders())

    @ext.token_loader
    def user_of(token: str) -> str | None:
        seen.append(token)
        return "u1" if token == "good" else None

    assert login(app).status_code == 200
    assert login(app, token="bad").status_code == 401
    assert seen == ["good", "bad"]


def test_user_loader_stays_the_same_hook_under_its_old_name():
    assert LMSExport.user_loader is LMSExport.token_loader
    by_keyword = make_app()
    LMSExport(by_keyword, user_loader=lambda token: "u1", **loaders())
    per_app = make_app()
    LMSExport().init_app(per_app, token_loader=lambda token: "u1", **loaders())

    assert login(by_keyword).status_code == 200
    assert login(per_app).status_code == 200


def test_both_names_at_once_is_refused():
    with pytest.raises(TypeError, match="not both"):
        LMSExport(token_loader=lambda token: "a", user_loader=lambda token: "b")


def test_a_missing_token_loader_is_named_by_its_new_name():
    app = make_app()
    LMSExport(app, **loaders())

    answer = login(app)
    assert answer.status_code == 500
    assert "@lms_export.token_loader" in answer.json["detail"]


def smorest_shape(error: Exception, body: dict[str, Any]) -> dict[str, Any]:
    """What a host with its own flask-smorest Api may want: smorest's error shape."""
    status = error.status if isinstance(error, LMSExportError) else error.code
    shaped = {"code": status, "status": HTTPStatus(status).phrase, "message": body["detail"]}
    if "errors" in body:
        shaped["errors"] = body["errors"]
    return shaped


def host_with_hook(**config: Any) -> tuple[Flask, LMSExport]:
    app = make_app(API_TITLE="Host", API_VERSION="2", OPENAPI_VERSION="3.0.3", **config)
    ext = LMSExport(app, api=Api(app), token_loader=lambda token: "u1" if token == "good"
                    else None, **loaders())
    ext.error_body(smorest_shape)
    return app, ext


def test_error_body_shapes_our_errors_as_the_hosts_api_does():
    app, _ = host_with_hook()
    client = app.test_client()

    unauthorized = login(app, token="bad")
    invalid = login(app, email="not-an-email")
    not_json = client.post("/api/login-lms", headers={"Authorization": "Bearer good"},
                           data="x", content_type="text/plain")
    wrong_method = client.get("/api/login-lms")

    assert unauthorized.status_code == 401
    assert unauthorized.json == {"code": 401, "status": "Unauthorized",
                                 "message": "Missing or invalid Authorization bearer token"}
    assert invalid.status_code == 422 and set(invalid.json) == {"code", "status", "message",
                                                                  "errors"}
    assert invalid.json["errors"] and invalid.json["message"].startswith("Invalid")
    assert not_json.status_code == 422 and not_json.json["errors"] == {
        "json": ["Not a JSON body."]}
    assert wrong_method.status_code == 405 and wrong_method.json["code"] == 405


def test_error_body_keeps_status_and_headers_and_leaves_success_alone(fake_lms):
    fake_lms.add_user("a@b.co", "p")
    app, _ = host_with_hook(LMS_BASE_URL=fake_lms.base_url)

    answer = login(app)

    assert answer.status_code == 200 and answer.json["data"]["token"]


def test_a_failing_or_wrong_hook_sends_the_default_body(caplog):
    app, ext = host_with_hook()

    @ext.error_body
    def broken(error: Exception, body: dict[str, Any]) -> Any:
        raise KeyError("oops")

    assert login(app, token="bad").json == {
        "detail": "Missing or invalid Authorization bearer token"}
    assert "error_body hook failed" in caplog.text
    ext.error_body(lambda error, body: ["not", "a", "body"])
    assert login(app, token="bad").json["detail"].startswith("Missing or invalid")
