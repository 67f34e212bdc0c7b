"""Every LMS failure of the error table (docs/routes.md), injected into a real HTTP server."""

from __future__ import annotations

import pytest
from conftest import BEARER, TEACHER_EMAIL, TEACHER_PASSWORD, push
from host_app import create_app
from servers import free_port

#: Small timeouts and backoff: a fault costs a fraction of a second, never the defaults' 30 s.
FAST = {"LMS_TIMEOUT": 0.3, "LMS_AUTH_TIMEOUT": 0.3, "LMS_RETRY_ATTEMPTS": 2,
        "LMS_RETRY_BACKOFF": 0.001, "LMS_RETRY_MAX_WAIT": 0.05, "TESTING": True}
ATTEMPTS = 1 + FAST["LMS_RETRY_ATTEMPTS"]
#: The LMS holds a "timed out" answer back this long: well past LMS_TIMEOUT.
HOLD = 1.0

HTML_PAGE = ("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
             "<body><h1>Bad Gateway</h1><p>nginx</p></body></html>")

CONNECTION = "Connection error - Could not connect to LMS server"
TIMEOUT = "Request timeout - LMS server took too long to respond"
TOKEN_INVALID = "LMS token expired or invalid"


pytestmark = pytest.mark.live_lms


@pytest.fixture
def app_config():
    return FAST


@pytest.fixture
def lms_token(client, lms) -> str:
    response = client.post("/api/login-lms", headers=BEARER,
                           json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
    assert response.status_code == 200, response.json
    lms.calls.clear()
    return response.json["data"]["token"]


def creates(lms):
    return lms.calls_to("POST", "/courses")


# --- a create meets a fault on every attempt ---------------------------------------------------

def _status(code, **kw):
    return lambda lms: lms.fail_next(code, times=ATTEMPTS, path="/courses", **kw)


PUSH_FAULTS = [
    # id, inject, status, detail (exact, or prefix ending in ':'), create calls the LMS saw
    ("refused", lambda lms: lms.refuse_next(times=ATTEMPTS, path="/courses"), 503, CONNECTION, 0),
    ("timeout", lambda lms: lms.timeout_next(times=ATTEMPTS, path="/courses", seconds=HOLD),
     504, TIMEOUT, ATTEMPTS),
    ("403", _status(403), 403, "Insufficient permissions for LMS operation", 1),
    # 7 s is more than LMS_RETRY_MAX_WAIT: answered at once, not retried
    ("429", _status(429, headers={"Retry-After": "7"}), 429,
     "LMS rate limit reached - try again later", 1),
    ("500", _status(500), 502, "LMS export failed: 500 Internal Server Error: injected 500",
     ATTEMPTS),
    ("502", _status(502), 502, "LMS export failed: 502 Bad Gateway: injected 502", ATTEMPTS),
    ("503", _status(503), 502, "LMS export failed: 503 Service Unavailable: injected 503",
     ATTEMPTS),
    ("html-error-page", _status(502, body=HTML_PAGE, headers={"Content-Type": "text/html"}),
     502, "LMS export failed: 502 Bad Gateway", ATTEMPTS),
    ("200-not-json", lambda lms: lms.fail_next(200, body=HTML_PAGE, path="/courses",
                                               headers={"Content-Type": "text/html"}),
     502, "LMS export failed: the LMS answered 200 with a body that is not JSON", 1),
    ("html-in-json", _status(500, body='{"detail": "<p>Down for <b>maintenance</b></p>"}',
                             headers={"Content-Type": "application/json"}),
     502, "LMS export failed: 500 Internal Server Error: Down for maintenance", ATTEMPTS),
    ("html-as-json", _status(502, body=HTML_PAGE, headers={"Content-Type": "application/json"}),
     502, "LMS export failed: 502 Bad Gateway", ATTEMPTS),
    ("400", _status(400), 502, "LMS export failed: 400 Bad Request: injected 400", 1),
]


@pytest.mark.parametrize(("inject", "status", "detail", "calls"),
                         [case[1:] for case in PUSH_FAULTS], ids=[c[0] for c in PUSH_FAULTS])
def test_a_failing_create_answers_the_documented_status_and_detail(
        client, lms, lms_token, inject, status, detail, calls):
    inject(lms)

    response = push(client, lms_token)

    assert response.status_code == status
    assert response.json["detail"] == detail
    assert "<" not in response.json["detail"]
    assert len(creates(lms)) == calls
    assert lms.courses == {}
    assert "success" not in response.json


def test_429_passes_the_lms_retry_after_on(client, lms, lms_token):
    lms.fail_next(429, headers={"Retry-After": "7"}, times=ATTEMPTS, path="/courses")

    response = push(client, lms_token)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


def test_a_truly_closed_port_is_503(lms_token):
    closed = create_app({"LMS_BASE_URL": f"http://127.0.0.1:{free_port()}", **FAST})

    response = push(closed.test_client(), lms_token)

    assert response.status_code == 503
    assert response.json["detail"] == CONNECTION


@pytest.mark.parametrize("fault", ["refused", "503", "429", "timeout"])
def test_a_transient_fault_is_retried_and_the_push_succeeds(client, lms, lms_token, fault):
    {"refused": lambda: lms.refuse_next(path="/courses"),
     "503": lambda: lms.fail_next(503, path="/courses"),
     "429": lambda: lms.fail_next(429, headers={"Retry-After": "0"}, path="/courses"),
     "timeout": lambda: lms.timeout_next(path="/courses", seconds=HOLD)}[fault]()

    response = push(client, lms_token)

    assert response.status_code == 200, response.json
    assert len(lms.courses) == 1


# --- the token -----------------------------------------------------------------------------------

def test_401_on_push_takes_the_token_out_of_the_store(client, lms, lms_token):
    lms.fail_next(401, path="/courses")

    first = push(client, lms_token)
    second = push(client, lms_token)

    assert (first.status_code, first.json["detail"]) == (401, TOKEN_INVALID)
    assert len(creates(lms)) == 2  # the 401 was not retried; the second push went through
    assert len(lms.calls_to("GET", "/auth/validate")) == 1  # ... after asking the LMS again
    assert second.status_code == 200


@pytest.mark.parametrize(("inject", "status", "detail"), [
    (lambda lms: lms.refuse_next(times=ATTEMPTS, path="/auth/validate"), 503, CONNECTION),
    (lambda lms: lms.timeout_next(times=ATTEMPTS, path="/auth/validate", seconds=HOLD),
     504, TIMEOUT),
    (lambda lms: lms.fail_next(401, path="/auth/validate"), 401, TOKEN_INVALID),
    (lambda lms: lms.fail_next(500, times=ATTEMPTS, path="/auth/validate"), 502,
     "LMS export failed: 500 Internal Server Error: injected 500"),
], ids=["refused", "timeout", "401", "500"])
def test_a_failing_validation_answers_the_documented_status(client, lms, inject, status, detail):
    token = lms.issue_token(TEACHER_EMAIL)  # never seen by the extension: it must validate
    inject(lms)

    response = push(client, token)

    assert (response.status_code, response.json["detail"]) == (status, detail)
    assert creates(lms) == []


# --- updates -------------------------------------------------------------------------------------

def test_404_on_lms_course_id_is_lms_course_not_found(client, lms, lms_token):
    response = push(client, lms_token, lms_course_id="c-does-not-exist")

    assert (response.status_code, response.json["detail"]) == (404, "LMS course not found")
    assert len(lms.calls_to("PUT", "/courses/")) == 1


# --- login ----------------------------------------------------------------------------------------

LOGIN_FAULTS = [
    ("refused", lambda lms: lms.refuse_next(times=ATTEMPTS), 503, CONNECTION),
    ("timeout", lambda lms: lms.timeout_next(times=ATTEMPTS, seconds=HOLD), 504, TIMEOUT),
    ("401", lambda lms: lms.fail_next(401), 401, "LMS rejected the email or password"),
    ("429", lambda lms: lms.fail_next(429, times=ATTEMPTS), 429,
     "LMS rate limit reached - try again later"),
    ("500", lambda lms: lms.fail_next(500, times=ATTEMPTS), 502,
     "LMS login failed: 500 Internal Server Error: injected 500"),
    ("html", lambda lms: lms.fail_next(503, times=ATTEMPTS, body=HTML_PAGE,
                                       headers={"Content-Type": "text/html"}), 502,
     "LMS login failed: 503 Service Unavailable"),
    ("200-not-json", lambda lms: lms.fail_next(200, body="OK"), 502,
     "LMS login failed: the LMS answered 200 with a body that is not JSON"),
]


@pytest.mark.parametrize(("inject", "status", "detail"), [c[1:] for c in LOGIN_FAULTS],
                         ids=[c[0] for c in LOGIN_FAULTS])
def test_a_failing_sign_in_answers_the_documented_status(client, lms, inject, status, detail):
    inject(lms)

    response = client.post("/api/login-lms", headers=BEARER,
                           json={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})

    assert (response.status_code, response.json["detail"]) == (status, detail)
    assert TEACHER_PASSWORD not in response.get_data(as_text=True)
