"""scripts/demo --provider moodle: a username login, a push, every question marked right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).parents[2] / "examples" / "demo.py"


def test_the_moodle_demo_pushes_the_sample_course_and_every_question_earns_its_points():
    result = subprocess.run(
        [sys.executable, str(DEMO), "--provider", "moodle", "--once", "--port", "0",
         "--lms-port", "0"],
        capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "POST /api/login-lms -> 200: logged in as Demo Teacher" in result.stdout
    assert "POST /api/courses/bio-101/push-to-lms -> 200" in result.stdout
    assert result.stdout.count("full marks") == 8  # the 10 questions less the 2 essays
    assert "WRONG" not in result.stdout
    assert "Every question type grades right." in result.stdout
