"""With LMS_PROVIDER google and no LMS_BASE_URL, calls go to Google's own hosts (no mock
mode): each API's ``rootUrl`` in its discovery document."""

from __future__ import annotations

import responses
from host_app import create_app

from .conftest import BEARER


def test_without_a_base_url_login_asks_classroom_itself():
    app = create_app({"LMS_PROVIDER": "google", "TESTING": True})
    with responses.RequestsMock() as google:
        google.get("https://classroom.googleapis.com/v1/userProfiles/me",
                   json={"id": "1", "name": {"fullName": "Ada"}})

        answer = app.test_client().post("/api/login-lms", headers=BEARER,
                                        json={"access_token": "ya29.token"})
        sent = google.calls[0].request  # read before the mock resets on leaving

    assert answer.status_code == 200, answer.json
    assert answer.json["message"] == "Successfully logged into LMS"
    assert sent.headers["Authorization"] == "Bearer ya29.token"
