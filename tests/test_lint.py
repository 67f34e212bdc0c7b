"""The code base stays clean under the project's own ruff and mypy settings (pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(module, path=str(Path(sys.executable).parent)) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is not installed; CI installs the dev extra", pytrace=False)
        pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = run_tool("ruff", "check", ".")

    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package():
    result = run_tool("mypy")

    assert result.returncode == 0, result.stdout + result.stderr


def test_no_merge_conflict_marker_is_left_in_a_file():
    """Many branches merge into main: a marker left behind breaks a page or a module."""
    markers = ("<" * 7 + " ", "=" * 7 + "\n", ">" * 7 + " ")
    found = []
    for path in ROOT.rglob("*"):
        if not path.is_file() or {".git", ".venv", "build", "dist", "site"} & set(
                path.relative_to(ROOT).parts) or path.suffix in {".png", ".gz", ".zip"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}:{number}"
                  for number, line in enumerate(text.splitlines(keepends=True), start=1)
                  if line.startswith(markers)]

    assert found == []
