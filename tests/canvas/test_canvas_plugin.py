"""The pytest11 plugin gives a host's own suite fake_canvas and live_canvas by asking."""

from __future__ import annotations

pytest_plugins = ["pytester"]

HOST_SUITE = '''
import requests

def test_fake_canvas_knows_the_token(fake_canvas):
    token = fake_canvas.add_user("Ada")
    answer = requests.get(fake_canvas.base_url + "/api/v1/users/self",
                          headers={"Authorization": "Bearer " + token})
    assert answer.json()["name"] == "Ada"

def test_live_canvas_is_a_real_server(live_canvas):
    answer = requests.get(live_canvas.base_url + "/api/v1/users/self", timeout=5)
    assert answer.status_code == 401
'''


def test_the_canvas_fixtures_work_in_a_host_suite(pytester):
    pytester.makepyfile(test_host=HOST_SUITE)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2)
