"""Hostile or broken requests: oversized, not JSON, and ids that try to reach another LMS path."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest
from conftest import BEARER, TEACHER_EMAIL
from host_app import create_app
from test_faults import FAST

PUSH = "/api/courses/bio-101/push-to-lms"
LOGIN = "/api/login-lms"


pytestmark = pytest.mark.live_lms


@pytest.fixture
def app_config():
    return {"MAX_CONTENT_LENGTH": 4096, **FAST}


@pytest.fixture
def token(lms):
    return lms.issue_token(TEACHER_EMAIL)


@pytest.mark.parametrize("url", [PUSH, LOGIN])
def test_a_body_over_max_content_length_is_a_json_413(client, lms, token, url):
    response = client.post(url, headers={**BEARER, "X-LMS-Token": token},
                           json={"asset_names": ["x" * 400] * 20, "email": "a@b.cd"})

    assert response.status_code == 413
    assert response.is_json and response.json["detail"]
    assert lms.calls == []


NOT_JSON = [
    ("text", "asset_names=quiz", "text/plain"),
    ("form", "asset_names=quiz", "application/x-www-form-urlencoded"),
    ("broken-json", '{"asset_names": [', "application/json"),
    ("not-utf8", b'\xff\xfe{"asset_names": []}', "application/json"),
    ("too-deep", "[" * 3000, "application/json"),  # under MAX_CONTENT_LENGTH, over json's depth
    ("array", '["quiz"]', "application/json"),
    ("string", '"quiz"', "application/json"),
    ("null", "null", "application/json"),
    ("empty", "", "application/json"),
]


@pytest.mark.parametrize("url", [PUSH, LOGIN])
@pytest.mark.parametrize(("body", "content_type"), [c[1:] for c in NOT_JSON],
                         ids=[c[0] for c in NOT_JSON])
def test_a_body_that_is_not_a_json_object_is_a_422(client, lms, token, url, body, content_type):
    response = client.post(url, data=body, content_type=content_type,
                           headers={**BEARER, "X-LMS-Token": token})

    assert response.status_code == 422
    assert response.json["detail"] and response.json["errors"]
    assert lms.calls == []


@pytest.mark.parametrize("lms_course_id", [
    "../../auth/signin", "../courses", "a/b", "%2F", "..%2F..%2Fauth%2Fme", "%2e%2e",
    "c-1?publish=false", "c-1#x", "c 1", "kurs-ü", "\\..\\", "...",
])
def test_lms_course_id_is_one_encoded_path_segment(client, lms, token, lms_course_id):
    response = client.post(PUSH, json={"asset_names": ["lesson-notes"],
                                       "lms_course_id": lms_course_id},
                           headers={**BEARER, "X-LMS-Token": token})

    assert (response.status_code, response.json["detail"]) == (404, "LMS course not found")
    put = lms.calls_to("PUT", "/courses/")
    assert [call.path for call in put] == [
        f"/api/v1/courses/{quote(lms_course_id, safe='')}/content"]
    assert unquote(put[0].path.split("/")[4]) == lms_course_id
    assert {call.path for call in lms.calls} <= {"/api/v1/auth/validate", put[0].path}


@pytest.mark.parametrize("lms_course_id", ["..", ".", ""])
def test_dot_segments_are_refused_as_lms_course_ids(client, lms, token, lms_course_id):
    response = client.post(PUSH, json={"asset_names": ["lesson-notes"],
                                       "lms_course_id": lms_course_id},
                           headers={**BEARER, "X-LMS-Token": token})

    assert response.status_code == 422
    assert "lms_course_id" in response.json["errors"]
    assert lms.calls == []


@pytest.mark.parametrize("course_id", ["..%2F..%2Fauth", "%2E%2E", "..", "%2Fetc", "a%2F..%2Fb"])
def test_course_id_never_reaches_an_lms_path(client, lms, token, course_id):
    response = client.post(f"/api/courses/{course_id}/push-to-lms",
                           json={"asset_names": ["lesson-notes"]},
                           headers={**BEARER, "X-LMS-Token": token})

    assert response.status_code in (404, 308)  # no such course or route; "//" redirects
    assert {call.path for call in lms.calls} <= {"/api/v1/auth/validate"}
    assert lms.courses == {}


def test_a_huge_lms_token_header_is_refused_by_the_lms_not_a_500(client, lms):
    response = client.post(PUSH, json={"asset_names": ["lesson-notes"]},
                           headers={**BEARER, "X-LMS-Token": "x" * 6000})

    assert response.status_code == 401


@pytest.mark.parametrize("asset_names", [[0] * 1001, [None] * 1001, [""] * 1001])
def test_item_and_list_errors_together_are_a_422(client, lms, token, asset_names):
    # marshmallow keys these errors by int (items) and str ("_schema"): a 500 once
    app = create_app({"LMS_BASE_URL": lms.base_url, **FAST})

    response = app.test_client().post(PUSH, json={"asset_names": asset_names},
                                      headers={**BEARER, "X-LMS-Token": token})

    assert response.status_code == 422
    assert "asset_names" in response.json["errors"]
