"""A course-authoring app with its own bearer-token auth, wired to an LMS by LMSExport."""

from __future__ import annotations

from typing import Any

from flask import Flask

from lms_export_blueprint import LMSExport

try:
    from .sample_content import COURSES
except ImportError:  # run as a script from examples/
    from sample_content import COURSES  # type: ignore[no-redef]

#: Headers the frontend sends to our routes; a cross-origin preflight must allow each.
CORS_HEADERS = ["Authorization", "Content-Type", "X-LMS-Token", "Idempotency-Key", "Prefer"]

#: The host's own users: bearer token -> user id. A real app checks a session or a JWT.
USER_TOKENS = {"demo-teacher-token": "teacher-1", "demo-student-token": "student-7"}

lms_export = LMSExport()


@lms_export.user_loader
def user_from_token(token: str) -> str | None:
    return USER_TOKENS.get(token)


@lms_export.course_loader
def load_course(course_id: str) -> dict[str, Any] | None:
    course = COURSES.get(course_id)
    return course and {"name": course["name"], "description": course["description"]}


@lms_export.asset_loader
def load_asset(course_id: str, asset_name: str) -> dict[str, Any] | None:
    # The extension never changes what a loader returns, so the stored dict can be shared.
    return COURSES.get(course_id, {}).get("assets", {}).get(asset_name)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config or {})
    lms_export.init_app(app)
    if app.config.get("FRONTEND_ORIGIN"):
        allow_frontend(app, app.config["FRONTEND_ORIGIN"])

    @app.get("/")
    def index() -> dict[str, Any]:
        return {"courses": {course_id: sorted(course["assets"])
                            for course_id, course in COURSES.items()}}

    return app


def canvas_oauth_config(canvas_url: str, client_id: str, client_secret: str,
                        frontend_origin: str, secret_key: str) -> dict[str, Any]:
    """Settings for teachers to connect Canvas from the frontend at ``frontend_origin``.

    Canvas sends the teacher back to the frontend's own page, where ``oauth.js`` picks up
    Canvas's answer: that page is the developer key's redirect URI.
    """
    return {"LMS_BASE_URL": canvas_url, "LMS_PROVIDER": "canvas",
            "LMS_CANVAS_CLIENT_ID": client_id,
            "LMS_CANVAS_CLIENT_SECRET": client_secret,
            "LMS_CANVAS_REDIRECT_URI": f"{frontend_origin}/index.html",
            "SECRET_KEY": secret_key, "FRONTEND_ORIGIN": frontend_origin}


def allow_frontend(app: Flask, origin: str) -> None:
    """Let the frontend at ``origin`` (and no other) call ``/api/*`` from the browser."""
    from flask_cors import CORS  # pip install 'lms-export-blueprint[examples]'

    CORS(app, resources={r"/api/*": {"origins": [origin]}}, allow_headers=CORS_HEADERS,
         # GET: a background job's status route.
         methods=["POST", "GET"], max_age=600,
         # A package download names its file and states its conversions in these; a job's
         # 202 says where to poll in Location.
         expose_headers=["Retry-After", "Content-Disposition", "X-LMS-Package-Warnings",
                         "Location"])
