"""No password, whole LMS token or host bearer token in any log record, error body or cache key."""

from __future__ import annotations

import json
import logging
import pickle
import re

import pytest
from conftest import BEARER, HOST_TOKEN, TEACHER_EMAIL, TEACHER_PASSWORD
from host_app import create_app
from test_faults import FAST, HTML_PAGE, PUSH_FAULTS

from lms_export_blueprint.masking import mask_token

OTHER_PASSWORD = "0ther-Secret!pw"


pytestmark = pytest.mark.live_lms


def _login(client, password=TEACHER_PASSWORD, email=TEACHER_EMAIL):
    return client.post("/api/login-lms", headers=BEARER,
                       json={"email": email, "password": password})


def _push(client, token, **body):
    body.setdefault("asset_names", ["photosynthesis-quiz", "lesson-notes"])
    return client.post("/api/courses/bio-101/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": token})


def _drive_every_route_and_failure(client, lms) -> list:
    """Every route, its successes and its failures; returns every response."""
    responses = [_login(client)]
    token = responses[0].json["data"]["token"]
    responses += [
        _login(client, password="wrong-" + TEACHER_PASSWORD),
        _login(client, password=OTHER_PASSWORD, email="not-an-email"),
        _login(client, password="x" * 2000),
        client.post("/api/login-lms", headers=BEARER, data=f"password={TEACHER_PASSWORD}"),
        client.post("/api/login-lms", headers={"Authorization": "Bearer " + token},
                    json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}),
        _push(client, token),
        _push(client, token, lms_course_id="c-missing"),
        _push(client, "mock_" + token),
        _push(client, token[:-3] + "abc"),  # forged: the LMS says invalid
        _push(client, token, asset_names=["nope"]),
        _push(client, token, export_format="pdf"),
    ]
    # an LMS that echoes the secrets back in its error bodies
    lms.fail_next(500, times=5, path="/auth/signin",
                  body=json.dumps({"detail": f"bad password {TEACHER_PASSWORD}"}),
                  headers={"Content-Type": "application/json"})
    responses.append(_login(client))
    lms.fail_next(500, times=5, path="/courses",
                  body=json.dumps({"detail": f"token {token} rejected"}),
                  headers={"Content-Type": "application/json"})
    responses.append(_push(client, token))
    lms.fail_next(502, times=5, path="/courses", body=HTML_PAGE + token,
                  headers={"Content-Type": "text/html"})
    responses.append(_push(client, token))
    for _, inject, *_ in PUSH_FAULTS:
        inject(lms)
        responses.append(_push(client, token))
    fresh = lms.issue_token(TEACHER_EMAIL)
    lms.fail_next(401, path="/courses")
    responses += [_push(client, fresh), _push(client, fresh)]
    return responses


def _record_texts(records) -> list[str]:
    texts = []
    for record in records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        texts.append(record.exc_text or "")
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    return texts


def test_no_secret_in_logs_error_bodies_or_cache(lms, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's request lines included
    app = create_app({"LMS_BASE_URL": lms.base_url, **FAST})
    client = app.test_client()

    responses = _drive_every_route_and_failure(client, lms)

    lms_tokens = list(lms._tokens)  # every token the LMS issued
    secrets = [TEACHER_PASSWORD, OTHER_PASSWORD, HOST_TOKEN, *lms_tokens]
    assert len(lms_tokens) >= 2 and len(caplog.records) > 50
    assert any(r.name.startswith("urllib3") for r in caplog.records)
    logs = "\n".join(_record_texts(caplog.records))
    errors = "\n".join(r.get_data(as_text=True) for r in responses if r.status_code >= 400)
    assert {r.status_code for r in responses} >= {200, 400, 401, 403, 404, 422, 429, 502, 503,
                                                    504}
    for secret in secrets:
        assert secret not in logs
        assert secret not in errors
    assert "[redacted]" in errors  # the LMS's echo of a secret was caught, not just absent

    store = app.extensions["lms_export"].state(app).tokens
    cached = store.cache.cache._cache  # SimpleCache: key -> (expiry, pickled value)
    assert cached, "the token store holds validated tokens"
    for key, (_, value) in cached.items():
        for secret in secrets:
            assert secret not in key
            assert secret not in repr(pickle.loads(value))


def test_the_seed_guide_log_lines_exist_and_mask_the_token(lms, caplog):
    caplog.set_level(logging.DEBUG)
    client = create_app({"LMS_BASE_URL": lms.base_url, **FAST}).test_client()

    token = _login(client).json["data"]["token"]
    _push(client, token)
    lms.fail_next(403, path="/courses")
    _push(client, token)

    lines = [r.getMessage() for r in caplog.records if r.name.startswith("lms_export")]
    masked = re.escape(mask_token(token))
    for pattern in [
        r"User teacher-1 attempting LMS login$",
        rf"LMS login successful for user teacher-1 \(token {masked}\)$",
        rf"Pushing 2 assets to LMS for course bio-101 \(LMS token {masked}\)$",
        r"LMS export completed successfully for course bio-101",
        r"LMS export failed for course bio-101: Insufficient permissions for LMS operation$",
    ]:
        assert any(re.search(pattern, line) for line in lines), pattern


def test_a_push_hashes_the_token_for_its_log_line_only_when_the_line_is_written(
        lms, caplog, monkeypatch):
    from lms_export_blueprint import export

    masked: list[str] = []
    monkeypatch.setattr(export, "mask_token", lambda token: masked.append(token) or "masked")
    client = create_app({"LMS_BASE_URL": lms.base_url, **FAST}).test_client()
    token = _login(client).json["data"]["token"]

    caplog.set_level(logging.WARNING, logger="lms_export_blueprint")
    assert _push(client, token).status_code == 200
    assert masked == []
    caplog.set_level(logging.INFO, logger="lms_export_blueprint")
    assert _push(client, token).status_code == 200
    assert masked == [token]
