"""scripts/demo --provider google: an access-token login, a push, every quiz scored right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).parents[2] / "examples" / "demo.py"


def test_the_google_demo_pushes_the_sample_course_and_every_quiz_scores_right():
    result = subprocess.run(
        [sys.executable, str(DEMO), "--provider", "google", "--once", "--port", "0",
         "--lms-port", "0"], capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "POST /api/login-lms -> 200: logged in as Demo Teacher" in result.stdout
    assert "POST /api/courses/bio-101/push-to-lms -> 200" in result.stdout
    assert "photosynthesis-quiz: 6/6 auto-graded points, 5 for the teacher" in result.stdout
    assert "term-paper: 3/3 auto-graded points, 10 for the teacher" in result.stdout
    assert "Every question type grades right." in result.stdout
