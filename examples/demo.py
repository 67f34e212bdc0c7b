"""The quick-start demo: a host app and the reference LMS on 127.0.0.1, one login, one push.

    python examples/demo.py          # push, print what the LMS holds, keep serving the docs
    python examples/demo.py --once   # push, print, exit
    python examples/demo.py --provider canvas --once [--engine new]
                                     # the same against the Canvas double: an access-token
                                     # login, then every question graded as Canvas would
    python examples/demo.py --provider google --once
                                     # against the Google double: a Forms quiz per question
                                     # set, scored by its answer key; a Doc per page
    python examples/demo.py --provider moodle --once
                                     # the same against the Moodle double: a username and
                                     # password login, then every question marked as Moodle would
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from demo_steps import login_and_push, serving
from host_app import create_app

from lms_export_blueprint.testing.live import LiveLMS

try:
    from canvas_demo import run_canvas_demo
    from google_demo import run_google_demo
    from moodle_demo import run_moodle_demo
except ImportError:  # imported as examples.demo
    from .canvas_demo import run_canvas_demo  # type: ignore[no-redef]
    from .google_demo import run_google_demo  # type: ignore[no-redef]
    from .moodle_demo import run_moodle_demo  # type: ignore[no-redef]

TEACHER = {"email": "teacher@example.edu", "password": "correct horse battery staple"}


def main() -> None:
    options = _parse_args()
    if options.provider == "canvas":
        sys.exit(run_canvas_demo(options))
    if options.provider == "google":
        sys.exit(run_google_demo(options))
    if options.provider == "moodle":
        sys.exit(run_moodle_demo(options))
    lms = LiveLMS(port=options.lms_port).start()
    lms.add_user(TEACHER["email"], TEACHER["password"], name="Demo Teacher")
    app = create_app({"LMS_BASE_URL": lms.base_url})
    try:
        with serving(app, options.port) as host_url:
            print(f"Reference LMS on {lms.base_url}, host app on {host_url}\n")
            login_and_push(host_url, TEACHER, export_format=options.export_format)
            print("\nWhat the LMS now holds:")
            print(json.dumps(_holdings(lms), indent=2))
            print(f"\nDocs page: {host_url}/api/docs/swagger-ui")
            if not options.once:
                print("Serving; Ctrl-C to stop.")
                threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        lms.stop()


def _holdings(lms: LiveLMS) -> list[dict]:
    return [{"course_id": course_id, "course_name": course["course_name"],
             "published": course["publish"], "content_ids": course["content_ids"],
             "assets": [{"name": a["name"], "type": a["type"], "format": a["format"]}
                        for a in course["assets"]]}
            for course_id, course in lms.courses.items()]


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="exit after the push")
    parser.add_argument("--port", type=int, default=5000, help="host app port (0: any free)")
    parser.add_argument("--lms-port", type=int, default=5001, help="LMS port (0: any free)")
    parser.add_argument("--format", dest="export_format", default="lms_standard")
    parser.add_argument("--provider", choices=["generic", "canvas", "google", "moodle"],
                        default="generic",
                        help="the LMS: the reference LMS (generic), or the Canvas, Google or "
                             "Moodle double")
    parser.add_argument("--engine", choices=["classic", "new"], default="classic",
                        help="Canvas quiz engine (LMS_CANVAS_QUIZ_ENGINE)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
