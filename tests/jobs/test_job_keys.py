"""An Idempotency-Key names one package job (a different selection is a 422), and two host apps
sharing one cache never read each other's token bindings, keys, ledgers or jobs."""

from __future__ import annotations

import hashlib
import time

import pytest
from cachelib import SimpleCache
from conftest import ALL_ASSETS, BEARER, hold_every_push_claim
from flask import Flask
from job_support import ASYNC, push_async, wait_for

from lms_export_blueprint import LMSExport
from lms_export_blueprint.export import IDEMPOTENCY_PREFIX
from lms_export_blueprint.providers.ledger import COURSE, Ledger
from lms_export_blueprint.tokens import claim


@pytest.fixture(autouse=True)
def finish_every_job(app):
    yield
    app.extensions["lms_export"].jobs(app).shutdown()


def _package(client, key: str, asset_names: list[str], package: str = "imscc"):
    return client.post("/api/courses/bio-101/export-package",
                       json={"asset_names": asset_names, "package": package},
                       headers={**BEARER, **ASYNC, "Idempotency-Key": key})


def test_a_package_jobs_key_reused_with_another_selection_is_a_422(client):
    first = _package(client, "pkg-key", ALL_ASSETS)
    wait_for(client, first.json["job_id"])

    other_assets = _package(client, "pkg-key", ALL_ASSETS[:1])
    other_package = _package(client, "pkg-key", ALL_ASSETS, package="qti")

    assert first.status_code == 202
    for refused in (other_assets, other_package):
        assert refused.status_code == 422, refused.json
        assert "Idempotency-Key" in refused.json["errors"]
        assert "pkg-key" in refused.json["detail"]


def test_a_package_jobs_key_reused_with_the_same_selection_is_the_same_job(client):
    first = _package(client, "same-pkg", ALL_ASSETS)
    again = _package(client, "same-pkg", ALL_ASSETS)

    assert again.status_code == 202 and again.json["job_id"] == first.json["job_id"]


def test_a_push_jobs_key_reused_with_another_body_is_a_422(client, lms_token):
    key = {"Idempotency-Key": "push-key"}
    first = push_async(client, lms_token, headers=key)
    wait_for(client, first.json["job_id"])

    refused = push_async(client, lms_token, headers=key, asset_names=ALL_ASSETS[:1])

    assert first.status_code == 202
    assert refused.status_code == 422 and "Idempotency-Key" in refused.json["errors"]


# --- two apps, one cache -------------------------------------------------------------------

def _app(cache: SimpleCache, **config) -> Flask:
    app = Flask("host_app")  # the same import name: two deployments of one host app
    app.config.update({"LMS_BASE_URL": "https://lms.example.edu", "TESTING": True, **config})
    LMSExport(app, cache=cache)
    return app


@pytest.fixture
def shared_cache():
    """One backend for both apps, as one Redis is (the Redis case: test_rq_liveness.py)."""
    return SimpleCache()


def _tokens(app: Flask):
    return app.extensions["lms_export"].state(app).tokens


@pytest.mark.parametrize("apart", [
    {"SECRET_KEY": "staging-key"},             # another SECRET_KEY
    {"LMS_BASE_URL": "https://other.example"},  # another LMS
    {"LMS_KEY_NAMESPACE": "app-b"},             # set explicitly
])
def test_two_apps_on_one_cache_share_no_binding_key_or_ledger(shared_cache, apart):
    app_a = _app(shared_cache, SECRET_KEY="production-key")
    app_b = _app(shared_cache, **{"SECRET_KEY": "production-key", **apart})
    tokens_a, tokens_b = _tokens(app_a), _tokens(app_b)

    tokens_a.remember("lms-token", "teacher-1")
    claim(tokens_a.cache, IDEMPOTENCY_PREFIX + "scoped", {"request": "a", "expires_at": 2e9}, 60)
    Ledger(tokens_a.cache, "scoped").write(COURSE, "landed", "course-of-a")

    assert tokens_a.bound_user("lms-token") == "teacher-1"
    assert tokens_b.bound_user("lms-token") is None
    assert tokens_b.cache.get(IDEMPOTENCY_PREFIX + "scoped") is None
    assert Ledger(tokens_b.cache, "scoped").record(COURSE) is None
    assert Ledger(tokens_a.cache, "scoped").landed(COURSE) == "course-of-a"


def test_one_apps_processes_share_one_namespace(shared_cache):
    web = _app(shared_cache, SECRET_KEY="production-key")
    worker = _app(shared_cache, SECRET_KEY="production-key")

    _tokens(web).remember("lms-token", "teacher-1")

    assert _tokens(worker).bound_user("lms-token") == "teacher-1"


def test_the_derived_namespace_reveals_nothing_of_the_secret_key(shared_cache):
    secret = "production-key"
    namespace = _tokens(_app(shared_cache, SECRET_KEY=secret)).cache.namespace

    assert secret not in namespace
    assert hashlib.sha256(secret.encode()).hexdigest()[:16] not in namespace
    assert namespace.startswith("app-") and len(namespace) == 20


def test_lms_key_namespace_is_used_as_given(shared_cache):
    app = _app(shared_cache, LMS_KEY_NAMESPACE="course-builder")

    _tokens(app).remember("lms-token", "teacher-1")

    assert shared_cache.get("course-builder:lms_export:token:" + _token_hash("lms-token"))


def test_a_namespace_that_cannot_be_a_key_segment_is_refused_at_start_up(shared_cache):
    with pytest.raises(ValueError, match="LMS_KEY_NAMESPACE"):
        _app(shared_cache, LMS_KEY_NAMESPACE="a b:c")


def _token_hash(token: str) -> str:
    from lms_export_blueprint.tokens import TokenStore

    return TokenStore.key(token).removeprefix("lms_export:token:")


def test_a_job_whose_key_is_held_by_a_running_push_fails_409_and_sends_nothing(
        app, client, lms, lms_token):
    """The job path takes the same claim: a push in the request and a job with one key never
    run side by side."""
    taken = hold_every_push_claim(app)
    sent_before = len(lms.calls)

    accepted = push_async(client, lms_token, headers={"Idempotency-Key": "retry-me"})
    finished = wait_for(client, accepted.json["job_id"])

    assert taken and finished["status"] == "failed"
    assert finished["error"]["status"] == 409
    assert "still running" in finished["error"]["detail"]
    assert len(lms.calls) == sent_before


def test_a_retried_job_takes_over_the_claim_its_ended_attempt_left(app, client, lms, lms_token):
    """A work horse killed mid-push leaves its key claimed until LMS_DEADLINE passes; once
    its job has ended (failed: the worker is gone), the retry takes the claim over at once."""
    from host_app import lms_export

    from lms_export_blueprint.export import RUNNING_PREFIX, _scoped_key

    key = {"Idempotency-Key": "after-a-lost-worker"}
    lms.fail_next(status=400)
    first = wait_for(client, push_async(client, lms_token, headers=key).json["job_id"])
    claim_key = RUNNING_PREFIX + _scoped_key("teacher-1", key["Idempotency-Key"])
    store = lms_export.state(app).store
    store.set(claim_key, {"run": first["job_id"], "expires_at": time.time() + 60}, timeout=60)

    retried = wait_for(client, push_async(client, lms_token, headers=key).json["job_id"])

    assert first["status"] == "failed"
    assert retried["status"] == "succeeded", retried
    assert store.get(claim_key) is None
