"""The Google provider's config keys (``LMS_GOOGLE_*``), checked at start-up with the rest."""

from __future__ import annotations

from ...config import Key, optional_text, optional_url

PREFIX = "LMS_GOOGLE_"

KEYS: tuple[Key, ...] = (
    # A Google OAuth client: all three set, teachers connect from the browser (docs/google.md).
    Key("LMS_GOOGLE_CLIENT_ID", None, optional_text,
        "Google OAuth client id; set with the two below, teachers connect with OAuth2"),
    Key("LMS_GOOGLE_CLIENT_SECRET", None, optional_text,
        "Google OAuth client secret; never logged or shown (needs `SECRET_KEY`)"),
    Key("LMS_GOOGLE_REDIRECT_URI", None, optional_url,
        "the OAuth client's redirect URI: the frontend page Google sends the teacher back to"),
)
