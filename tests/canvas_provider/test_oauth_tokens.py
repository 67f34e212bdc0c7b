"""The provider's side of OAuth2: the access token behind X-LMS-Token, refreshed once on expiry."""

from __future__ import annotations

from .conftest import BEARER, NOTES, push, with_oauth


class FakeRefresher:
    """What ``AppState.oauth`` offers: a handle for the frontend, Canvas tokens behind it."""

    def __init__(self, canvas, user_id: int) -> None:
        self.canvas = canvas
        self.user_id = user_id
        self.access = canvas.issue_token(user_id, ttl=3600)
        self.refreshes = 0
        self.can_refresh = True

    def access_token_for(self, lms_token: str) -> str:
        return self.access if lms_token == "handle-1" else lms_token

    def refresh(self, lms_token: str) -> str | None:
        if not self.can_refresh:
            return None
        self.refreshes += 1
        self.access = self.canvas.issue_token(self.user_id, ttl=3600)
        return self.access


def login(client, token: str) -> str:
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": token})
    assert answer.status_code == 200, answer.json
    return answer.json["data"]["token"]


def test_the_access_token_behind_the_handle_goes_to_canvas(app, client, canvas, teacher):
    refresher = FakeRefresher(canvas, canvas.user_id(teacher))
    with_oauth(app, refresher)

    login(client, "handle-1")

    calls = canvas.calls_to("GET", "/users/self")
    assert [call.path for call in calls] == ["/api/v1/users/self", "/api/v1/users/self/profile"]
    assert {call.headers["Authorization"] for call in calls} == {f"Bearer {refresher.access}"}


def test_an_expired_access_token_is_refreshed_once_and_the_call_sent_again(app, client, canvas,
                                                                          teacher):
    refresher = FakeRefresher(canvas, canvas.user_id(teacher))
    with_oauth(app, refresher)
    handle = login(client, "handle-1")
    canvas.clock.advance(3601)

    answer = push(client, handle, asset_names=[NOTES])

    assert answer.status_code == 200
    assert refresher.refreshes == 1


def test_no_refresh_to_be_had_is_a_401(app, client, canvas, teacher):
    refresher = FakeRefresher(canvas, canvas.user_id(teacher))
    with_oauth(app, refresher)
    handle = login(client, "handle-1")
    canvas.clock.advance(3601)
    refresher.can_refresh = False

    assert push(client, handle, asset_names=[NOTES]).status_code == 401


def test_a_401_without_www_authenticate_is_never_refreshed(app, client, canvas, teacher):
    refresher = FakeRefresher(canvas, canvas.user_id(teacher))
    with_oauth(app, refresher)
    handle = login(client, "handle-1")
    other_course = canvas.add_course("Not yours", account_id=canvas.add_account("Other"))

    answer = push(client, handle, asset_names=[NOTES], lms_course_id=str(other_course))

    assert (answer.status_code, refresher.refreshes) == (403, 0)
