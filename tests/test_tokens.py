"""TokenStore: hashed keys, user binding, TTL and JWT exp, a failing cache."""

from __future__ import annotations

import base64
import json

import pytest
from flask import Flask
from flask_caching import Cache

from lms_export_blueprint import tokens
from lms_export_blueprint.tokens import TokenStore, jwt_expiry

NOW = 1_800_000_000.0


@pytest.fixture
def clock(monkeypatch):
    """The store's idea of now, moved by hand."""
    class Clock:
        now = NOW

        def time(self) -> float:
            return self.now

    fake = Clock()
    monkeypatch.setattr(tokens.time, "time", fake.time)
    return fake


@pytest.fixture
def cache():
    app = Flask(__name__)
    cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        yield cache


def jwt(claims: dict) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return f"{b64(b'{}')}.{b64(json.dumps(claims).encode())}.sig"


def test_the_key_is_a_hash_never_the_token():
    token = "tok-abc-123"

    assert token not in TokenStore.key(token)
    assert TokenStore.key(token) == TokenStore.key(token)
    assert TokenStore.key(token) != TokenStore.key(token + "x")


def test_a_remembered_token_is_bound_to_its_user(cache, clock):
    store = TokenStore(cache, ttl=300)
    store.remember("tok", "alice")

    assert store.bound_user("tok") == "alice"
    assert store.bound_user("other") is None


def test_an_entry_expires_at_the_ttl(cache, clock):
    store = TokenStore(cache, ttl=300)
    store.remember("tok", "alice")

    clock.now += 299
    assert store.bound_user("tok") == "alice"
    clock.now += 2
    assert store.bound_user("tok") is None


def test_a_jwt_is_not_trusted_past_its_exp_whatever_the_ttl(cache, clock):
    store = TokenStore(cache, ttl=300)
    token = jwt({"exp": NOW + 60})
    store.remember(token, "alice")

    clock.now += 59
    assert store.bound_user(token) == "alice"
    clock.now += 2
    assert store.bound_user(token) is None


def test_an_already_expired_jwt_is_not_stored(cache, clock):
    store = TokenStore(cache, ttl=300)
    token = jwt({"exp": NOW - 1})
    store.remember(token, "alice")

    assert cache.get(TokenStore.key(token)) is None


def test_forget_evicts(cache, clock):
    store = TokenStore(cache, ttl=300)
    store.remember("tok", "alice")
    store.forget("tok")

    assert store.bound_user("tok") is None


def test_a_failing_cache_is_a_warning_not_an_error(caplog):
    class BrokenCache:
        def get(self, key):
            raise ConnectionError("redis is down")

        set = delete = get

    store = TokenStore(BrokenCache(), ttl=300)
    store.remember("tok", "alice")

    assert store.bound_user("tok") is None
    assert "token store get failed" in caplog.text
    assert "tok" not in caplog.text.replace("token", "")


@pytest.mark.parametrize(("token", "expected"), [
    (jwt({"exp": 123}), 123.0), (jwt({"sub": "x"}), None), ("not.a.jwt", None),
    ("opaque", None), (jwt({"exp": "soon"}), None),
])
def test_jwt_expiry_reads_exp_or_nothing(token, expected):
    assert jwt_expiry(token) == expected
