"""LMS_CANVAS_SCOPES: the OAuth2 scopes asked of Canvas, so developer keys that enforce scopes
work (issue 17 item 6). Canvas names a scope ``url:VERB|/api/v1/<route>`` (lib/token_scopes.rb)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from host_app import create_app

from lms_export_blueprint.providers.canvas.scopes import MINIMAL_SCOPES

from .conftest import NOTES, QUIZ, push

REDIRECT_URI = "https://authoring.example.edu/canvas-connected.html"


def _authorize_scope(canvas, canvas_config, **config) -> list[str] | None:
    client_id, secret = canvas.add_developer_key(REDIRECT_URI)
    app = create_app({**canvas_config, "LMS_CANVAS_CLIENT_ID": client_id,
                      "LMS_CANVAS_CLIENT_SECRET": secret,
                      "LMS_CANVAS_REDIRECT_URI": REDIRECT_URI,
                      "SECRET_KEY": "s" * 32, **config})
    url = app.extensions["lms_export"].state(app).oauth.authorization_url("teacher-1")
    scope = parse_qs(urlsplit(url).query).get("scope")
    return scope[0].split(" ") if scope else None


def test_the_authorize_url_asks_for_the_minimal_scopes_by_default(canvas, canvas_config):
    assert _authorize_scope(canvas, canvas_config) == list(MINIMAL_SCOPES)


def test_lms_canvas_scopes_replaces_them_and_empty_asks_for_none(canvas, canvas_config):
    assert _authorize_scope(canvas, canvas_config, LMS_CANVAS_SCOPES="url:GET|/api/v1/courses"
                            ) == ["url:GET|/api/v1/courses"]
    assert _authorize_scope(canvas, canvas_config, LMS_CANVAS_SCOPES="") is None


def test_a_scope_that_is_not_a_string_is_refused_at_start_up(canvas_config):
    with pytest.raises(ValueError, match="LMS_CANVAS_SCOPES"):
        create_app({**canvas_config, "LMS_CANVAS_SCOPES": ["url:GET|/api/v1/courses"]})


def _as_scope(path: str) -> re.Pattern[str]:
    """The pattern a route's scope stands for: each ``:param`` one path segment."""
    route = re.escape(path).replace(r"\:", ":")
    return re.compile(re.sub(r":\w+", r"[^/]+", route) + r"\Z")


@pytest.mark.parametrize("lms_course_id", [None, "existing"])
def test_every_call_of_a_push_is_covered_by_a_minimal_scope(client, canvas, teacher,
                                                            lms_token, lms_course_id,
                                                            with_files):
    if lms_course_id:
        lms_course_id = str(canvas.add_course("Biology", teacher=teacher))
    push(client, lms_token, asset_names=[QUIZ, NOTES], lms_course_id=lms_course_id,
         module="Week 1", assignment_group="Quizzes")
    push(client, lms_token, asset_names=[NOTES], lms_course_id=lms_course_id, module="Week 1")
    canvas.fail_next(400, path="/questions", method="POST")
    push(client, lms_token, asset_names=[QUIZ], lms_course_id=lms_course_id)  # a delete

    patterns = [(scope.split("|")[0][4:], _as_scope(scope.split("|")[1]))
                for scope in MINIMAL_SCOPES]
    # upload step 2 goes to the file store, with no token: no scope
    calls = {(c.method, c.path) for c in canvas.calls
             if not c.path.startswith("/files_api/")}
    assert any(path.endswith("/files") for _, path in calls)  # the files were uploaded
    uncovered = {(m, p) for m, p in calls
                 if not any(m == verb and pattern.match(p.replace("/self", "/1"))
                            for verb, pattern in patterns)}
    assert uncovered == set()
    assert ("DELETE" in {m for m, _ in calls}) and ("PUT" in {m for m, _ in calls})
