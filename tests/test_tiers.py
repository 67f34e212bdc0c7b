"""Test tiers: a missing tool skips its tier with the reason, except under CI; golden files hold."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from moodle import site as moodle_site
from servers import require_binary, require_module

GOLDEN_TESTS = Path(__file__).parent / "formats" / "test_formats_golden.py"


def test_a_missing_package_skips_its_tier_naming_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception,
                       match="no_such_tool_package package is not installed"):
        require_module("no_such_tool_package")


def test_a_missing_package_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        require_module("no_such_tool_package")


def test_a_missing_binary_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="no-such-server is not installed"):
        require_binary("no-such-server")


@pytest.mark.parametrize("marker", ["browser", "redis", "load", "schemathesis", "moodle"])
def test_each_tier_is_a_registered_marker(pytestconfig, marker):
    registered = [line.split(":")[0] for line in pytestconfig.getini("markers")]

    assert marker in registered


def test_the_moodle_tier_skips_in_one_line_naming_the_archive_variable(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(moodle_site.ARCHIVE_ENV, raising=False)

    with pytest.raises(pytest.skip.Exception) as skipped:
        moodle_site.archive_path()

    assert "LMS_TEST_MOODLE_ARCHIVE" in str(skipped.value)
    assert "\n" not in str(skipped.value)


def test_a_missing_moodle_archive_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv(moodle_site.ARCHIVE_ENV, str(tmp_path / "no-moodle.tgz"))

    with pytest.raises(pytest.fail.Exception, match=r"no-moodle\.tgz, which is not a file"):
        moodle_site.archive_path()


def golden_module(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("golden_under_test", GOLDEN_TESTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "GOLDEN", tmp_path)
    return module


def test_a_golden_test_cannot_pass_by_rewriting_its_own_file(monkeypatch, tmp_path):
    golden = golden_module(monkeypatch, tmp_path)
    (tmp_path / "quiz.json").write_text("old", encoding="utf-8")
    monkeypatch.setenv("UPDATE_GOLDEN", "1")

    with pytest.raises(pytest.fail.Exception, match=r"quiz\.json rewritten"):
        golden.check_golden("quiz.json", "new")
    assert (tmp_path / "quiz.json").read_text(encoding="utf-8") == "new"


def test_an_unchanged_golden_file_passes_with_the_switch_on(monkeypatch, tmp_path):
    golden = golden_module(monkeypatch, tmp_path)
    (tmp_path / "quiz.json").write_text("same", encoding="utf-8")
    monkeypatch.setenv("UPDATE_GOLDEN", "1")

    golden.check_golden("quiz.json", "same")
