"""live_canvas: the same double on a real socket, faults acted out on the connection."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture
def token(live_canvas) -> str:
    return live_canvas.add_user("Ada Teacher")


def test_live_canvas_answers_over_http(live_canvas, token):
    answer = requests.get(live_canvas.base_url + "/api/v1/users/self",
                          headers={"Authorization": f"Bearer {token}"}, timeout=5)

    assert live_canvas.base_url.startswith("http://127.0.0.1:")
    assert (answer.status_code, answer.json()["name"]) == (200, "Ada Teacher")


def test_live_canvas_holds_back_an_answer_past_the_client_timeout(live_canvas, token):
    live_canvas.timeout_next(seconds=0.5)

    with pytest.raises(requests.ReadTimeout):
        requests.get(live_canvas.base_url + "/api/v1/users/self",
                     headers={"Authorization": f"Bearer {token}"}, timeout=0.2)


def test_live_canvas_drops_a_refused_connection(live_canvas, token):
    live_canvas.refuse_next()

    with pytest.raises(requests.ConnectionError):
        requests.get(live_canvas.base_url + "/api/v1/users/self",
                     headers={"Authorization": f"Bearer {token}"}, timeout=5)


def test_live_canvas_redirects_oauth_with_a_location_header(live_canvas, token):
    client_id, _ = live_canvas.add_developer_key("http://127.0.0.1:1/cb")

    answer = requests.get(live_canvas.base_url + "/login/oauth2/auth", allow_redirects=False,
                          params={"client_id": client_id, "response_type": "code",
                                  "redirect_uri": "http://127.0.0.1:1/cb", "state": "s"},
                          timeout=5)

    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("http://127.0.0.1:1/cb?code=")
