"""Signals after each login, push and LMS call, and the optional Prometheus metrics fed by them."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD, push
from host_app import create_app
from prometheus_client import REGISTRY, CollectorRegistry

from lms_export_blueprint import metrics
from lms_export_blueprint.metrics import enable_prometheus
from lms_export_blueprint.signals import lms_api_called, lms_export_finished, lms_login_finished


@contextmanager
def received(signal, app):
    """Every ``(sender, kwargs)`` the signal sends for ``app`` while inside the block."""
    events: list[dict] = []

    def receiver(sender, **kwargs):
        events.append({"sender": sender, **kwargs})

    with signal.connected_to(receiver, sender=app):
        yield events


def login(client, password: str = TEACHER_PASSWORD):
    return client.post("/api/login-lms", headers=BEARER,
                       json={"email": TEACHER_EMAIL, "password": password})


# --- signals -----------------------------------------------------------------------------------


def test_a_successful_login_sends_login_finished_with_success_and_duration(app, client):
    with received(lms_login_finished, app) as events:
        assert login(client).status_code == 200

    [event] = events
    assert event["sender"] is app
    assert event["success"] is True
    assert event["error_type"] is None
    assert event["mock"] is False
    assert event["user_id"] == "teacher-1"
    assert isinstance(event["duration"], float) and event["duration"] >= 0


def test_a_rejected_login_sends_the_error_type(app, client):
    with received(lms_login_finished, app) as events:
        assert login(client, "wrong").status_code == 401

    [event] = events
    assert event["success"] is False
    assert event["error_type"] == "LMSCredentialsRejected"


def test_a_mock_mode_login_says_mock(app_config):
    mock_app = create_app(app_config)

    with received(lms_login_finished, mock_app) as events:
        assert login(mock_app.test_client()).status_code == 200

    assert events[0]["mock"] is True
    assert events[0]["success"] is True


def test_a_successful_push_sends_export_finished_with_what_was_pushed(app, client, lms_token):
    with received(lms_export_finished, app) as events:
        assert push(client, lms_token, export_format="lms_standard").status_code == 200

    [event] = events
    assert event["success"] is True
    assert event["error_type"] is None
    assert event["course_id"] == "bio-101"
    assert event["export_format"] == "lms_standard"
    assert event["asset_count"] == 3
    assert event["lms_course_id"] is None
    assert event["duration"] >= 0


def test_a_failed_push_sends_its_error_type(app, client, lms_token):
    with received(lms_export_finished, app) as events:
        assert push(client, lms_token, course_id="no-such-course").status_code == 404

    assert events[0]["success"] is False
    assert events[0]["error_type"] == "CourseNotFound"


def test_each_lms_attempt_sends_api_called_with_endpoint_and_status(app, client, lms, lms_token):
    lms.fail_next(503, path="/courses")

    with received(lms_api_called, app) as events:
        assert push(client, lms_token).status_code == 200

    attempts = [(e["method"], e["endpoint"], e["status"], e["error_type"]) for e in events]
    assert attempts == [("POST", "/courses", 503, "http_503"), ("POST", "/courses", 201, None)]
    assert [e["success"] for e in events] == [False, True]


def test_api_called_names_the_endpoint_without_the_lms_course_id(app, client, lms, lms_token):
    created = push(client, lms_token).json["data"]["lms_course_id"]

    with received(lms_api_called, app) as events:
        assert push(client, lms_token, lms_course_id=created).status_code == 200

    assert [e["endpoint"] for e in events] == ["/courses/{lms_course_id}/content"]


def test_api_called_reports_a_timeout_with_no_status(app, client, lms):
    lms.timeout_next(times=10)

    with received(lms_api_called, app) as events:
        assert login(client).status_code == 504

    assert events and all(e["status"] is None and e["error_type"] == "timeout" for e in events)


def test_api_called_reports_a_refused_connection(app, client, lms):
    lms.refuse_next(times=10)

    with received(lms_api_called, app) as events:
        assert login(client).status_code == 503

    assert events[0]["error_type"] == "connection_error"


def test_no_signal_carries_a_password_email_or_token(app, client):
    with received(lms_login_finished, app) as logins, \
            received(lms_export_finished, app) as exports, \
            received(lms_api_called, app) as calls:
        token = login(client).json["data"]["token"]
        push(client, token)

    assert logins and exports and calls
    for event in [*logins, *exports, *calls]:
        values = [str(v) for k, v in event.items() if k != "sender"]
        for secret in (TEACHER_PASSWORD, TEACHER_EMAIL, token):
            assert not any(secret in value for value in values), event


def test_signals_for_another_app_are_not_received(app, client, app_config):
    other_app = create_app(app_config)

    with received(lms_login_finished, other_app) as events:
        login(client)

    assert events == []


def test_a_failing_receiver_does_not_fail_the_push(app, client, lms_token, lms):
    def broken(sender, **kwargs):
        raise RuntimeError("metrics backend down")

    with lms_export_finished.connected_to(broken, sender=app):
        response = push(client, lms_token)

    assert response.status_code == 200
    assert len(lms.courses) == 1


# --- Prometheus --------------------------------------------------------------------------------


def sample(name: str, labels: dict[str, str], registry=REGISTRY) -> float:
    return registry.get_sample_value(name, labels) or 0.0


@pytest.fixture
def prometheus_app(lms, app_config):
    return create_app({"LMS_BASE_URL": lms.base_url, "LMS_PROMETHEUS_METRICS": True,
                       **app_config})


def test_the_config_key_alone_counts_a_login_and_a_push_in_the_default_registry(prometheus_app):
    client = prometheus_app.test_client()
    logins = sample("lms_export_logins_total", {"outcome": "success", "mode": "lms"})
    pushes = sample("lms_export_pushes_total",
                    {"outcome": "success", "export_format": "lms_standard"})
    push_times = sample("lms_export_push_duration_seconds_count", {"outcome": "success"})
    api_times = sample("lms_export_lms_api_duration_seconds_count",
                       {"method": "POST", "endpoint": "/courses", "status": "201"})

    token = login(client).json["data"]["token"]
    assert push(client, token).status_code == 200

    assert sample("lms_export_logins_total", {"outcome": "success", "mode": "lms"}) == logins + 1
    assert sample("lms_export_pushes_total",
                  {"outcome": "success", "export_format": "lms_standard"}) == pushes + 1
    assert sample("lms_export_push_duration_seconds_count",
                  {"outcome": "success"}) == push_times + 1
    assert sample("lms_export_lms_api_duration_seconds_count",
                  {"method": "POST", "endpoint": "/courses", "status": "201"}) == api_times + 1


def test_errors_are_counted_by_operation_and_type(prometheus_app):
    client = prometheus_app.test_client()
    labels = {"operation": "login", "error_type": "LMSCredentialsRejected"}
    before = sample("lms_export_errors_total", labels)

    login(client, "wrong")

    assert sample("lms_export_errors_total", labels) == before + 1
    assert sample("lms_export_errors_total",
                  {"operation": "lms_api", "error_type": "http_401"}) >= 1


def test_metrics_go_to_the_registry_passed_and_nowhere_else(app, client):
    registry = CollectorRegistry()
    enable_prometheus(app, registry)
    default_before = sample("lms_export_logins_total", {"outcome": "success", "mode": "lms"})

    login(client)

    assert sample("lms_export_logins_total", {"outcome": "success", "mode": "lms"},
                  registry) == 1
    assert sample("lms_export_logins_total",
                  {"outcome": "success", "mode": "lms"}) == default_before


def test_several_apps_can_switch_metrics_on_in_one_registry(lms, app_config):
    config = {"LMS_BASE_URL": lms.base_url, "LMS_PROMETHEUS_METRICS": True, **app_config}

    first, second = create_app(config), create_app(config)

    assert first is not second  # neither raised "Duplicated timeseries"


def test_no_label_holds_an_email_or_token(app, client):
    registry = CollectorRegistry()
    enable_prometheus(app, registry)
    token = login(client).json["data"]["token"]
    push(client, token)
    push(client, "not-a-real-token")

    label_values = [value for family in registry.collect() for s in family.samples
                    for value in s.labels.values()]
    assert label_values
    for secret in (TEACHER_EMAIL, token, "not-a-real-token", "teacher-1", "bio-101"):
        assert secret not in label_values


def test_switching_metrics_on_without_prometheus_client_fails_at_start_up(
        monkeypatch, lms, app_config):
    monkeypatch.setattr(metrics, "Counter", None)

    with pytest.raises(RuntimeError, match=r"pip install 'lms-export-blueprint\[prometheus\]'"):
        create_app({"LMS_BASE_URL": lms.base_url, "LMS_PROMETHEUS_METRICS": True, **app_config})
