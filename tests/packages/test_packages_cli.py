"""`flask lms package COURSE_ID ASSET... --package imscc -o FILE`: the route's file on disk."""

from __future__ import annotations

import pytest
from package_course import COURSE_NAME, make_package_app
from readers import open_zip, read_cc_manifest, read_gift

from lms_export_blueprint.cli import EXIT_NO


@pytest.fixture
def package_app(fake_lms):
    return make_package_app(fake_lms.base_url)


def test_package_writes_the_file_named(package_app, tmp_path):
    target = tmp_path / "out.imscc"

    result = package_app.test_cli_runner().invoke(
        args=["lms", "package", "bio", "notes", "exam", "--package", "imscc", "-o", str(target)])

    assert result.exit_code == 0, result.output
    _, items = read_cc_manifest(open_zip(target.read_bytes()))
    assert [item.title for item in items] == ["Light & dark reactions ☀", "Exam/2026"]


def test_package_defaults_to_imscc_named_after_the_course(package_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = package_app.test_cli_runner().invoke(args=["lms", "package", "bio", "exam"])

    assert result.exit_code == 0, result.output
    [written] = list(tmp_path.iterdir())
    assert written.name == 'Biología 101: "Año" 2 ✓.imscc'
    assert COURSE_NAME == 'Biología 101: "Año" / 2 ✓'  # no "/" may reach a file name


def test_package_to_stdout_with_warnings_on_stderr(package_app):
    result = package_app.test_cli_runner().invoke(
        args=["lms", "package", "bio", "every-type", "notes", "--package", "gift", "-o", "-"])

    assert result.exit_code == 0
    assert len(read_gift(result.stdout)) == 7
    assert "Warning: notes: pages left out" in result.stderr


def test_package_of_a_missing_asset_exits_1_naming_it(package_app, tmp_path):
    result = package_app.test_cli_runner().invoke(
        args=["lms", "package", "bio", "gone", "-o", str(tmp_path / "x")])

    assert result.exit_code == EXIT_NO
    assert "gone" in result.output
    assert not (tmp_path / "x").exists()


def test_package_with_an_unknown_kind_is_a_usage_error(package_app):
    result = package_app.test_cli_runner().invoke(
        args=["lms", "package", "bio", "exam", "--package", "scorm"])

    assert result.exit_code == 2
    assert "scorm" in result.output


def test_package_with_an_asset_named_twice_is_a_usage_error(package_app):
    result = package_app.test_cli_runner().invoke(args=["lms", "package", "bio", "exam", "exam"])

    assert result.exit_code == 2
    assert "Duplicate asset names: exam." in result.output
