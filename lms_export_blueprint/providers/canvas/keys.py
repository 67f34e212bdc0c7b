"""The Canvas provider's config keys (``LMS_CANVAS_*``), checked at start-up with the rest."""

from __future__ import annotations

from ...config import Key, one_of, optional_id, optional_scopes, optional_text, optional_url

PREFIX = "LMS_CANVAS_"

KEYS: tuple[Key, ...] = (
    Key("LMS_CANVAS_QUIZ_ENGINE", "classic", one_of("classic", "new"),
        "Canvas quizzes: `classic` (Quizzes API) or `new` (New Quizzes API)"),
    Key("LMS_CANVAS_ACCOUNT_ID", None, optional_id,
        "Canvas account where a push without `lms_course_id` creates its course; unset: "
        "such a push is a 422"),
    # A Canvas developer key: all three set, teachers connect with OAuth2 (docs/canvas-oauth.md).
    Key("LMS_CANVAS_CLIENT_ID", None, optional_text,
        "Canvas developer key's client id; set with the two below, OAuth2 is on"),
    Key("LMS_CANVAS_CLIENT_SECRET", None, optional_text,
        "Canvas developer key's secret; never logged or shown (needs `SECRET_KEY`)"),
    Key("LMS_CANVAS_REDIRECT_URI", None, optional_url,
        "the developer key's redirect URI: the frontend page Canvas sends the teacher back to"),
    Key("LMS_CANVAS_SCOPES", None, optional_scopes,
        "OAuth2 scopes asked of Canvas, space-separated; unset: the minimal list the provider "
        "calls; empty: none"),
)
