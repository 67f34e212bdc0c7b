"""Set-up mistakes fail at start-up, or with an error that says what to do (issue 13, items 1-7)."""

from __future__ import annotations

import datetime
import logging
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD
from flask import Flask

import lms_export_blueprint
from lms_export_blueprint import LMSExport
from lms_export_blueprint.config import all_keys

COURSE = {"name": "Algebra", "description": "Equations"}
NOTES = {"asset_name": "notes", "asset_type": "notes", "asset_content": "x = 2"}


def make_app(**config) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **config)
    return app


def host(app: Flask, *, course=lambda course_id: COURSE,
         asset=lambda course_id, name: NOTES) -> LMSExport:
    return LMSExport(app, user_loader=lambda token: "u1", course_loader=course,
                     asset_loader=asset)


@pytest.fixture
def teacher_token(lms) -> str:
    return lms.issue_token(TEACHER_EMAIL)


def push_notes(app: Flask, lms_token: str, *, x_lms_token: str | None = None):
    return app.test_client().post(
        "/api/courses/alg/push-to-lms", json={"asset_names": ["notes"]},
        headers={**BEARER, "X-LMS-Token": x_lms_token or lms_token})


# --- 1. a forgotten loader -------------------------------------------------------------------


def test_a_push_without_an_asset_loader_answers_500_naming_the_decorator(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    LMSExport(app, user_loader=lambda token: "u1", course_loader=lambda course_id: COURSE)

    response = push_notes(app, teacher_token)

    assert response.status_code == 500
    assert "@lms_export.asset_loader" in response.json["detail"]


def test_the_first_request_logs_a_warning_for_each_missing_loader(caplog):
    app = make_app()
    LMSExport(app, user_loader=lambda token: None)

    with caplog.at_level(logging.WARNING, "lms_export_blueprint"):
        app.test_client().get("/anything")
        app.test_client().get("/anything")

    missing = [r.getMessage() for r in caplog.records if "has no" in r.getMessage()]
    assert len(missing) == 2
    assert "@lms_export.course_loader" in missing[0]
    assert "@lms_export.asset_loader" in missing[1]


def test_loaders_decorated_after_init_app_raise_no_warning(caplog):
    app = make_app()
    ext = LMSExport(app)
    ext.user_loader(lambda token: None)
    ext.course_loader(lambda course_id: None)
    ext.asset_loader(lambda course_id, name: None)

    with caplog.at_level(logging.WARNING, "lms_export_blueprint"):
        app.test_client().get("/anything")

    assert not [r for r in caplog.records if "has no" in r.getMessage()]


# --- 2. LMS_VERIFY_SSL and LMS_BASE_URL -----------------------------------------------------


@pytest.mark.parametrize("value", ["false", "True", "/no/such/ca-bundle.pem", 0, None])
def test_verify_ssl_that_is_not_a_bool_or_an_existing_path_fails_at_start_up(value):
    with pytest.raises(ValueError, match=r"LMS_VERIFY_SSL.*CA bundle"):
        LMSExport(make_app(LMS_VERIFY_SSL=value))


def test_verify_ssl_may_be_the_path_of_a_ca_bundle(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    app = make_app(LMS_VERIFY_SSL=str(bundle))

    assert LMSExport(app).state(app).config.verify_ssl == str(bundle)


def test_a_base_url_that_already_ends_in_the_api_version_is_warned_about(caplog):
    with caplog.at_level(logging.WARNING, "lms_export_blueprint"):
        LMSExport(make_app(LMS_BASE_URL="https://lms.example.edu/api/v1"))

    assert any("LMS_BASE_URL ends in /api/vN" in r.getMessage() for r in caplog.records)


# --- 3. LMS_TOKEN_CACHE_TYPE ----------------------------------------------------------------


def test_an_unknown_cache_type_names_the_key_and_the_valid_values():
    with pytest.raises(ValueError, match=r"LMS_TOKEN_CACHE_TYPE.*'Redis'.*RedisCache"):
        LMSExport(make_app(LMS_TOKEN_CACHE_TYPE="Redis"))


def test_redis_cache_without_redis_installed_names_the_extra(monkeypatch):
    real_find_spec = __import__("importlib.util").util.find_spec
    monkeypatch.setattr("lms_export_blueprint.config.importlib.util.find_spec",
                        lambda name: None if name == "redis" else real_find_spec(name))

    with pytest.raises(ValueError, match=r"LMS_TOKEN_CACHE_TYPE.*lms-export-blueprint\[redis\]"):
        LMSExport(make_app(LMS_TOKEN_CACHE_TYPE="RedisCache"))


def test_a_dotted_cache_type_from_a_missing_module_names_the_key():
    with pytest.raises(ValueError, match=r"LMS_TOKEN_CACHE_TYPE.*not installed"):
        LMSExport(make_app(LMS_TOKEN_CACHE_TYPE="no_such_package.caches.MyCache"))


def test_every_key_of_the_table_gets_its_default():
    app = make_app()
    LMSExport(app)

    assert {key.name: app.config[key.name] for key in all_keys() if key.default is not None} == {
        key.name: key.default for key in all_keys() if key.default is not None}


# --- 4. what loaders may return --------------------------------------------------------------


def sqlite_loaders(updated_at: str = "2026-11-20 09:30:00"):
    db = sqlite3.connect(":memory:", check_same_thread=False,
                         detect_types=sqlite3.PARSE_DECLTYPES)
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE courses (id TEXT, name TEXT, description TEXT)")
    db.execute("CREATE TABLE assets (course_id TEXT, asset_name TEXT, asset_type TEXT, "
               "asset_content TEXT, asset_last_updated_at TIMESTAMP)")
    db.execute("INSERT INTO courses VALUES ('alg', 'Algebra', 'Equations')")
    db.execute("INSERT INTO assets VALUES ('alg', 'notes', 'notes', 'x = 2', ?)", (updated_at,))
    return (
        lambda course_id: db.execute("SELECT * FROM courses WHERE id = ?",
                                     (course_id,)).fetchone(),
        lambda course_id, name: db.execute(
            "SELECT * FROM assets WHERE course_id = ? AND asset_name = ?",
            (course_id, name)).fetchone(),
    )


def test_loaders_may_return_sqlite_rows_with_timestamps(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    course_loader, asset_loader = sqlite_loaders()
    host(app, course=course_loader, asset=asset_loader)

    response = push_notes(app, teacher_token)

    assert response.status_code == 200, response.json
    (course,) = lms.courses.values()
    assert course["course_name"] == "Algebra"
    assert course["assets"][0]["metadata"]["created_at"] == "2026-11-20T09:30:00"


def test_a_datetime_is_pushed_as_iso_8601(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    updated = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    host(app, asset=lambda course_id, name: {**NOTES, "asset_last_updated_at": updated})

    response = push_notes(app, teacher_token)

    assert response.status_code == 200, response.json
    (course,) = lms.courses.values()
    assert course["assets"][0]["metadata"]["created_at"] == "2026-11-20T09:30:00+00:00"


@pytest.mark.parametrize("returned", [("alg", "Algebra"), "Algebra", 42])
def test_a_course_that_is_not_a_mapping_names_the_loader(lms, teacher_token, returned):
    app = make_app(LMS_BASE_URL=lms.base_url)
    host(app, course=lambda course_id: returned)

    response = push_notes(app, teacher_token)

    assert response.status_code == 500
    assert response.json["detail"].startswith(
        f"course_loader returned a {type(returned).__name__} for course 'alg'")
    assert lms.courses == {}


def test_a_course_without_a_name_names_the_loader_and_the_key(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    host(app, course=lambda course_id: {"description": "no name"})

    response = push_notes(app, teacher_token)

    assert response.status_code == 500
    assert response.json["detail"] == "course_loader returned course 'alg' without 'name'"
    assert lms.courses == {}


def test_an_asset_without_a_type_names_the_loader_and_the_key(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    host(app, asset=lambda course_id, name: {"asset_content": "x = 2"})

    response = push_notes(app, teacher_token)

    assert response.status_code == 500
    assert response.json["detail"] == (
        "asset_loader returned asset 'notes' of course 'alg' without 'asset_type'")
    assert lms.courses == {}


def test_a_course_name_no_lms_body_can_carry_names_the_loader_and_the_key(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    host(app, course=lambda course_id: {"name": "Algebra \ud800"})

    response = push_notes(app, teacher_token)

    assert response.status_code == 500
    assert response.json["detail"] == (
        "course_loader returned course 'alg' whose 'name' is not valid Unicode text (it holds "
        "a lone surrogate)")
    assert lms.courses == {}


def test_asset_content_with_a_lone_surrogate_is_cleaned_by_the_formats(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    host(app, asset=lambda course_id, name: {"asset_type": "notes",
                                             "asset_content": "x = 2\ud800"})

    response = push_notes(app, teacher_token)

    assert response.status_code == 200, response.json


# --- 5. each route's 500 names its operation -------------------------------------------------


def failing_user_loader(token: str) -> str:
    raise ZeroDivisionError("a bug in the host")


@pytest.mark.parametrize(("path", "operation"), [
    ("/api/login-lms", "logging in to the LMS"),
    ("/api/courses/alg/push-to-lms", "exporting to the LMS"),
])
def test_an_unexpected_error_is_a_500_naming_the_routes_operation(path, operation):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    LMSExport(app, user_loader=failing_user_loader, course_loader=lambda course_id: COURSE,
              asset_loader=lambda course_id, name: NOTES)

    response = app.test_client().post(path, headers=BEARER, json={})

    assert response.status_code == 500
    assert response.json == {"detail": f"Internal error while {operation}"}


# --- 6. mock mode says so --------------------------------------------------------------------


def test_mock_mode_is_logged_once_at_start_up(caplog):
    app = make_app()
    with caplog.at_level(logging.WARNING, "lms_export_blueprint"):
        host(app)
        app.test_client().post("/api/login-lms", headers=BEARER,
                               json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})

    assert len([r for r in caplog.records if "MOCK MODE" in r.getMessage()]) == 1


# --- 7. X-LMS-Token: Bearer <token> ----------------------------------------------------------


def test_an_lms_token_with_a_bearer_prefix_is_accepted(lms, teacher_token):
    app = make_app(LMS_BASE_URL=lms.base_url)
    host(app)

    response = push_notes(app, teacher_token, x_lms_token=f"Bearer {teacher_token}")

    assert response.status_code == 200, response.json


# --- 15. one table of keys -------------------------------------------------------------------


def test_no_module_but_config_gives_a_default_or_reads_a_key_with_get():
    package = Path(lms_export_blueprint.__file__).parent
    offenders = [
        f"{path.relative_to(package)}: {match}"
        for path in package.rglob("*.py") if path.name != "config.py"
        for match in re.findall(r"(?:setdefault|\.get)\(\s*[\"']LMS_\w+",
                                path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_every_key_in_the_table_has_a_meaning_and_a_check_that_passes_its_default():
    for key in all_keys():
        assert key.doc, key.name
        assert key.check(key.default) is None, key.name
