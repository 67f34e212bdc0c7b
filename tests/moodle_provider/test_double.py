"""The Moodle double as a host's suite meets it: its package, and Moodle's answer shapes."""

from __future__ import annotations

import requests


def test_the_moodle_doubles_import_from_the_moodle_testing_package():
    from lms_export_blueprint.testing.moodle import FakeMoodle, LiveMoodle, MoodleDouble
    from lms_export_blueprint.testing.moodle.fake import FakeMoodle as fake_module_class
    from lms_export_blueprint.testing.moodle.live import LiveMoodle as live_module_class

    assert FakeMoodle is fake_module_class and LiveMoodle is live_module_class
    assert issubclass(FakeMoodle, MoodleDouble) and issubclass(LiveMoodle, MoodleDouble)


def test_token_php_and_the_rest_server_answer_failures_with_http_200(fake_moodle):
    # login/token.php: {"error", "errorcode"} (core_renderer_ajax::fatal_error); server.php:
    # {"exception", "errorcode", "message"} (webservice_rest_server::generate_error).
    login = requests.post(f"{fake_moodle.base_url}/login/token.php",
                          data={"username": "nobody", "password": "x", "service": "lms_export"})
    call = requests.post(f"{fake_moodle.base_url}/webservice/rest/server.php",
                         data={"wstoken": "0" * 32, "wsfunction": "core_webservice_get_site_info",
                               "moodlewsrestformat": "json"})
    assert (login.status_code, login.json()["errorcode"]) == (200, "invalidlogin")
    assert login.json()["error"] == "Invalid login, please try again"
    assert (call.status_code, call.json()) == (200, {
        "exception": "moodle_exception", "errorcode": "invalidtoken",
        "message": "Invalid token - token not found"})
