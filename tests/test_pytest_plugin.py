"""The pytest11 plugin: a host's own suite gets fake_lms and live_lms by asking for them."""

from __future__ import annotations

pytest_plugins = ["pytester"]

HOST_SUITE = '''
import requests

def test_fake_lms_takes_a_login(fake_lms):
    fake_lms.add_user("a@b.co", "pw")
    answer = requests.post(fake_lms.base_url + "/api/v1/auth/signin",
                           json={"email": "a@b.co", "password": "pw"})
    assert answer.status_code == 200
    assert fake_lms.calls[0].path == "/api/v1/auth/signin"

def test_live_lms_is_a_real_server(live_lms):
    live_lms.fail_next(503, headers={"Retry-After": "1"})
    answer = requests.get(live_lms.base_url + "/api/v1/auth/validate")
    assert (answer.status_code, answer.headers["Retry-After"]) == (503, "1")

def test_live_lms_injects_a_refused_connection(live_lms):
    live_lms.refuse_next()
    try:
        requests.get(live_lms.base_url + "/api/v1/auth/validate", timeout=5)
    except requests.ConnectionError:
        return
    raise AssertionError("the connection was not refused")

def test_requests_are_not_mocked_unless_asked(live_lms):
    assert requests.get(live_lms.base_url + "/api/v1/auth/me").status_code == 401
'''


def test_the_plugin_fixtures_work_in_a_host_suite(pytester):
    pytester.makepyfile(test_host=HOST_SUITE)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=4)


def test_fake_lms_without_responses_fails_naming_the_extra(pytester):
    pytester.makeconftest("import sys\nsys.modules['responses'] = None  # as if not installed\n")
    pytester.makepyfile(test_host="def test_uses_it(fake_lms):\n    pass\n")

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    assert ("fake_lms needs the responses package: pip install 'lms-export-blueprint[testing]'"
            in result.stdout.str())
    assert "During handling" not in result.stdout.str()


def test_the_canvas_doubles_import_from_the_canvas_testing_package():
    from lms_export_blueprint.testing.canvas import FakeCanvas, LiveCanvas
    from lms_export_blueprint.testing.canvas.fake import FakeCanvas as fake_module_class
    from lms_export_blueprint.testing.canvas.live import LiveCanvas as live_module_class

    assert FakeCanvas is fake_module_class
    assert LiveCanvas is live_module_class
