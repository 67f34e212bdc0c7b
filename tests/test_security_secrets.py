"""Secrets the LMS echoes, token binding, and Idempotency-Key reuse (issue 9, items 3-5, 7)."""

from __future__ import annotations

import logging
import threading

import pytest
from conftest import BEARER, OTHER_HOST_TOKEN, TEACHER_PASSWORD, push
from flask import Flask
from flask_caching import Cache
from host_app import create_app
from hostile_lms import HostileLMS, json_answer
from servers import redis_server

from lms_export_blueprint import masking
from lms_export_blueprint.masking import MIN_SECRET_FRAGMENT, mask_secrets, what_lms_said
from lms_export_blueprint.tokens import TokenStore

TOKEN = "lms-token-" + "k" * 30
COURSE = {"course_id": "c-1", "content_ids": ["x1", "x2", "x3"]}
FAST = {"LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}
#: 234 characters, with runs of spaces and a tab that whitespace-collapsing would change.
LONG_PASSWORD = ("Tr0ub4dor&3  horse\tbattery " * 9)[:234]
#: 244 characters of a token-like secret.
LONG_TOKEN = ("eyJhbGciOiJIUzI1NiJ9" + "abcdefghijklmnopqrstuvwxyz0123456789" * 7)[:244]


@pytest.fixture
def lms():
    with HostileLMS() as server:
        server.on("GET", "/auth/validate", json_answer(200, {}))
        server.on("POST", "/courses", json_answer(201, COURSE))
        yield server


def client_for(lms: HostileLMS, **config):
    return create_app({"LMS_BASE_URL": lms.base_url, **FAST, **config}).test_client()


def fragments(secret: str) -> list[str]:
    return [secret[i:i + MIN_SECRET_FRAGMENT]
            for i in range(len(secret) - MIN_SECRET_FRAGMENT + 1)]


def leaked(secret: str, text: str) -> list[str]:
    return [fragment for fragment in fragments(secret) if fragment in text]


# --- 5. an echoed secret is masked before anything else, fragments too ---------------------------


def test_an_echoed_long_password_leaks_no_fragment_into_detail_or_log(lms, caplog):
    # Given an LMS that echoes the password inside markup, cut, with its spaces intact
    echo = f"<p>Bad password <b>{LONG_PASSWORD}</b> for <i>{LONG_PASSWORD[50:]}</i></p>"
    lms.on("POST", "/auth/signin", json_answer(500, {"detail": echo}))

    with caplog.at_level(logging.DEBUG):
        response = client_for(lms).post("/api/login-lms", headers=BEARER, json={
            "email": "t@example.edu", "password": LONG_PASSWORD})

    assert response.status_code == 502
    assert "[redacted]" in response.json["detail"]
    assert leaked(LONG_PASSWORD, response.json["detail"]) == []
    assert leaked(LONG_PASSWORD, caplog.text) == []


def test_an_echoed_long_token_leaks_no_fragment_into_detail_or_log(lms, caplog):
    echo = f"token {LONG_TOKEN[:120]}<br>{LONG_TOKEN[120:]} rejected"
    lms.on("POST", "/courses", json_answer(500, {"message": echo}))

    with caplog.at_level(logging.DEBUG):
        response = push(client_for(lms), LONG_TOKEN)

    assert response.status_code == 502
    assert leaked(LONG_TOKEN, response.json["detail"]) == []
    assert leaked(LONG_TOKEN, caplog.text) == []


SPLIT_PASSWORD = "Sunflower-Meadow-42"


@pytest.mark.parametrize("echo", [
    "Sunf<b>lower</b>-Mea<i>dow</i>-42",
    "Sun flow er-Mea dow-42",
    "Sunf\nlower-\tMeadow  -42",
    "<p>Sun</p><p>flower</p>-<span class='x'>Meadow</span>-4<br/>2",
], ids=["markup", "spaces", "newline-tab", "paragraphs"])
def test_a_password_split_by_markup_or_whitespace_is_masked_in_detail_and_log(lms, caplog, echo):
    # Issue 18 item 13: each piece shorter than a fragment, joined by the detail's own
    # tag stripping and whitespace collapsing into the password with spaces
    lms.on("POST", "/auth/signin", json_answer(500, {"detail": f"Bad password {echo}!"}))

    with caplog.at_level(logging.DEBUG):
        response = client_for(lms).post("/api/login-lms", headers=BEARER, json={
            "email": "t@example.edu", "password": SPLIT_PASSWORD})

    assert response.status_code == 502
    detail = response.json["detail"]
    assert "Bad password [redacted]" in detail
    for shown in (detail, caplog.text):
        assert leaked(SPLIT_PASSWORD, "".join(shown.split())) == []


def test_a_split_secret_is_masked_with_what_lies_between_its_pieces():
    assert mask_secrets("a Sunf<b>lower</b>-Meadow-42 b", [SPLIT_PASSWORD]) == "a [redacted] b"
    # words that only share a few characters with it stay
    assert mask_secrets("Sun and flowers", [SPLIT_PASSWORD]) == "Sun and flowers"


def test_masking_a_body_of_angle_brackets_stays_linear():
    text = "<" * 50_000 + "x" * 50_000

    assert mask_secrets(text, ["hunter2-secret-value"]) == text


def test_any_run_of_eight_characters_of_a_secret_is_masked():
    text = "before hunter2-secret-value after; tail alue-xyz"

    masked = mask_secrets(text, ["hunter2-secret-value"])

    assert masked == "before [redacted] after; tail alue-xyz"
    assert mask_secrets("it was et-value!", ["hunter2-secret-value"]) == "it was [redacted]!"
    assert mask_secrets("it was t-value!", ["hunter2-secret-value"]) == "it was t-value!"


def test_a_secret_shorter_than_a_fragment_is_masked_whole():
    assert mask_secrets("pin 1234 given", ["1234"]) == "pin [redacted] given"


def test_ordinary_text_around_a_secret_stays_readable():
    said = what_lms_said(500, "Internal Server Error", "application/json",
                         b'{"detail": "<b>Course</b>   quota   exceeded"}', ["s3cret-Pa55word"])

    assert said == "500 Internal Server Error: Course quota exceeded"


# --- 7. LMS error text: cut first, tags dropped in one pass


def test_lms_text_is_cut_before_tags_are_dropped(monkeypatch):
    seen: list[int] = []
    original = masking.strip_tags
    monkeypatch.setattr(masking, "strip_tags", lambda text: seen.append(len(text)) or
                        original(text))

    what_lms_said(500, "", "application/json", b'{"detail": "' + b"<" * 97_000 + b'"}', [])

    assert seen and max(seen) <= masking.MAX_LMS_TEXT


@pytest.mark.parametrize(("text", "stripped"), [
    ("a<b>c", "a c"), ("<<<", "<<<"), ("a<b", "a<b"), ("x<y>z<", "x z<"), ("<a><b>", "  "),
])
def test_tags_are_dropped_and_a_lone_angle_bracket_kept(text, stripped):
    assert masking.strip_tags(text) == stripped


# --- 3. the token binding is atomic: the first binder wins


@pytest.fixture
def cache():
    app = Flask(__name__)
    cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        yield cache


def test_of_two_users_binding_one_token_at_once_exactly_one_wins(cache):
    for round_number in range(20):
        store = TokenStore(cache, ttl=300)
        token = f"token-{round_number}"
        start = threading.Barrier(2)
        results: dict[str, bool] = {}

        def bind(user: str, token: str = token, start: threading.Barrier = start,
                 store: TokenStore = store, results: dict[str, bool] = results) -> None:
            start.wait()
            results[user] = store.bind(token, user)

        threads = [threading.Thread(target=bind, args=(user,)) for user in ("alice", "bob")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(results.values()) == [False, True]
        winner = next(user for user, won in results.items() if won)
        assert store.bound_user(token) == winner


def test_a_backend_whose_add_is_not_atomic_still_has_one_winner():
    class RacyCache:
        """Like cachelib before 0.17: both racers are told True, setdefault keeps the first."""

        def __init__(self):
            self.entries: dict = {}

        def add(self, key, value, timeout=None):
            self.entries.setdefault(key, value)
            return True

        def get(self, key):
            return self.entries.get(key)

    store = TokenStore(RacyCache(), ttl=300)

    assert [store.bind("tok", "alice"), store.bind("tok", "bob")] == [True, False]


@pytest.mark.redis
def test_on_redis_too_exactly_one_of_two_binders_wins():
    with redis_server() as url:
        app = Flask(__name__)
        cache = Cache(app, config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url})
        with app.app_context():
            store = TokenStore(cache, ttl=300)
            start = threading.Barrier(8)
            results: dict[str, bool] = {}

            def bind(user: str) -> None:
                with app.app_context():
                    start.wait()
                    results[user] = store.bind("shared-token", user)

            threads = [threading.Thread(target=bind, args=(f"user-{n}",)) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

            assert sorted(results.values()) == [False] * 7 + [True]
            assert store.bound_user("shared-token") == next(
                user for user, won in results.items() if won)


def test_two_users_presenting_one_new_token_at_once_get_one_200_and_one_401(lms):
    # Given an LMS that answers both validations only once both have arrived
    both_asked = threading.Barrier(2, timeout=5)

    def validate(handler):
        both_asked.wait()
        json_answer(200, {})(handler)
    lms.on("GET", "/auth/validate", validate)
    client = client_for(lms)
    statuses: dict[str, int] = {}

    def push_as(bearer: str) -> None:
        headers = {"Authorization": f"Bearer {bearer}", "X-LMS-Token": TOKEN}
        statuses[bearer] = client.post("/api/courses/bio-101/push-to-lms", headers=headers,
                                       json={"asset_names": ["lesson-notes"]}).status_code

    threads = [threading.Thread(target=push_as, args=(bearer,))
               for bearer in (BEARER["Authorization"].split()[1], OTHER_HOST_TOKEN)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [200, 401]


def test_a_sign_in_with_the_password_takes_the_token_back(cache):
    store = TokenStore(cache, ttl=300)
    store.bind("tok", "mallory")

    store.remember("tok", "alice")

    assert store.bound_user("tok") == "alice"
    assert store.bind("tok", "mallory") is False


def test_a_one_second_ttl_is_cached(cache):
    store = TokenStore(cache, ttl=1)

    store.remember("tok", "alice")

    assert store.bound_user("tok") == "alice"


def test_a_failing_cache_lets_the_lms_decide():
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")
            return fail

    assert TokenStore(Down(), ttl=300).bind("tok", "alice") is True


# --- 4. an Idempotency-Key names one push


def keyed_push(client, key: str, course_id: str = "bio-101", bearer: dict | None = None,
               **body):
    headers = {**(bearer or BEARER), "X-LMS-Token": TOKEN, "Idempotency-Key": key}
    body.setdefault("asset_names", ["lesson-notes"])
    return client.post(f"/api/courses/{course_id}/push-to-lms", json=body, headers=headers)


def test_a_key_reused_with_another_body_is_a_422_naming_the_key(lms):
    client = client_for(lms)
    assert keyed_push(client, "key-1").status_code == 200

    response = keyed_push(client, "key-1", asset_names=["term-paper"])

    assert response.status_code == 422
    assert "Idempotency-Key 'key-1'" in response.json["detail"]
    assert "Idempotency-Key" in response.json["errors"]
    assert len(lms.seen_at("/courses")) == 1


def test_a_key_reused_with_another_lms_course_is_a_422(lms):
    client = client_for(lms)
    assert keyed_push(client, "key-2").status_code == 200

    assert keyed_push(client, "key-2", lms_course_id="c-9").status_code == 422
    assert lms.seen_at("/content") == []


def test_a_genuine_retry_with_the_same_key_and_body_still_works(lms):
    client = client_for(lms)

    statuses = [keyed_push(client, "key-3").status_code for _ in range(2)]

    assert statuses == [200, 200]
    sent_keys = {call.headers["Idempotency-Key"] for call in lms.seen_at("/courses")}
    assert len(sent_keys) == 1


def test_another_user_may_use_the_same_key_for_another_body(lms):
    client = client_for(lms)
    assert keyed_push(client, "key-4").status_code == 200

    other = {"Authorization": f"Bearer {OTHER_HOST_TOKEN}"}
    lms_token_of_other = "another-token-of-student"
    response = client.post("/api/courses/bio-101/push-to-lms",
                           json={"asset_names": ["term-paper"]},
                           headers={**other, "X-LMS-Token": lms_token_of_other,
                                    "Idempotency-Key": "key-4"})

    assert response.status_code == 200


assert TEACHER_PASSWORD  # the conftest's password is short; the long ones above are the point
