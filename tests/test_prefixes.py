"""LMS_ for the LMS side, LMS_EXPORT_ for the extension's own face: a key set under the prefix
the other side was meant for is a start-up warning (docs/configuration.md, "Two prefixes")."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from lms_export_blueprint import LMSExport
from lms_export_blueprint.config import all_keys, set_defaults
from lms_export_blueprint.prefixes import prefix_warnings


def warnings_for(**settings) -> list[str]:
    config = dict(settings)
    set_defaults(config, all_keys())
    return prefix_warnings(config, (key.name for key in all_keys()))


def test_the_defaults_and_plain_settings_warn_of_nothing():
    assert warnings_for() == []
    assert warnings_for(LMS_API_VERSION="v2", LMS_EXPORT_API_VERSION="3.1",
                        LMS_EXPORT_URL_PREFIX="/lms", LMS_TIMEOUT=5,
                        LMS_TOKEN_CACHE_REDIS_URL="redis://x", LMS_SOMETHING_ELSE=1) == []


@pytest.mark.parametrize("version", ["1", "2.0", "1.0.0", "/1/"])
def test_lms_api_version_shaped_like_a_document_version_warns(version):
    (warning,) = warnings_for(LMS_API_VERSION=version)
    assert warning.startswith(f"LMS_API_VERSION is {version!r}")
    assert "LMS_EXPORT_API_VERSION" in warning


def test_lms_export_api_version_shaped_like_a_path_segment_warns_unless_both_agree():
    (warning,) = warnings_for(LMS_EXPORT_API_VERSION="v2")
    assert warning.startswith("LMS_EXPORT_API_VERSION is 'v2'")
    assert "LMS_API_VERSION (now 'v1')" in warning
    assert warnings_for(LMS_EXPORT_API_VERSION="v2", LMS_API_VERSION="v2") == []


@pytest.mark.parametrize(("set_as", "meant"), [
    ("LMS_URL_PREFIX", "LMS_EXPORT_URL_PREFIX"),
    ("LMS_API_TITLE", "LMS_EXPORT_API_TITLE"),
    ("LMS_OPENAPI_URL_PREFIX", "LMS_EXPORT_OPENAPI_URL_PREFIX"),
    ("LMS_OPENAPI_REDOC_PATH", "LMS_EXPORT_OPENAPI_REDOC_PATH"),  # passed on to flask-smorest
    ("LMS_EXPORT_TIMEOUT", "LMS_TIMEOUT"),
    ("LMS_EXPORT_BASE_URL", "LMS_BASE_URL"),
    ("LMS_EXPORT_TOKEN_CACHE_REDIS_URL", "LMS_TOKEN_CACHE_REDIS_URL"),
    ("LMS_EXPORT_CANVAS_ACCOUNT_ID", "LMS_CANVAS_ACCOUNT_ID"),
])
def test_a_key_under_the_other_prefix_names_the_one_meant(set_as, meant):
    (warning,) = warnings_for(**{set_as: "x"})
    assert warning.startswith(f"{set_as} is set but read by nothing: did you mean {meant}?")


def test_init_app_logs_them_and_keeps_them_in_the_state(caplog):
    app = Flask(__name__)
    app.config.update(LMS_API_VERSION="1", LMS_URL_PREFIX="/lms")
    caplog.set_level(logging.WARNING, logger="lms_export_blueprint")

    state = LMSExport(app).state(app)

    assert [w.split(" ")[0] for w in state.start_up_warnings] == ["LMS_URL_PREFIX",
                                                                  "LMS_API_VERSION"]
    assert all(warning in caplog.text for warning in state.start_up_warnings)


def test_another_providers_key_is_a_warning_the_provider_in_use_reads_its_own():
    generic, canvas = Flask(__name__), Flask(__name__)
    generic.config.update(LMS_CANVAS_ACCOUNT_ID="1")
    canvas.config.update(LMS_CANVAS_ACCOUNT_ID="1", LMS_PROVIDER="canvas",
                         LMS_BASE_URL="https://canvas.example.test")

    assert LMSExport(generic).state(generic).start_up_warnings == (
        "LMS_CANVAS_ACCOUNT_ID is set, but LMS_PROVIDER is 'generic', which does not read it",)
    assert LMSExport(canvas).state(canvas).start_up_warnings == ()
