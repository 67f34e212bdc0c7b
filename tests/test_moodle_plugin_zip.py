"""`flask lms moodle-plugin`: the zip Moodle installs holds the plugin, the same bytes every time,
and every PHP file passes ``php -l`` where PHP is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

from lms_export_blueprint.providers.moodle.plugin import PLUGIN_DIR, plugin_files

#: What Moodle needs to install a web-service plugin (lib/classes/plugin_manager.php reads
#: version.php; lib/upgradelib.php reads db/services.php; the privacy API needs a provider).
REQUIRED = ["version.php", "db/services.php", "lang/en/local_lmsexport.php",
            "classes/external/create_course.php", "classes/external/import_quiz.php",
            "classes/external/save_page.php",
            "classes/privacy/provider.php", "COPYING.txt"]


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def write_zip(runner, path) -> zipfile.ZipFile:
    result = runner.invoke(args=["lms", "moodle-plugin", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert "local_lmsexport" in result.output
    return zipfile.ZipFile(path)


def test_the_zip_holds_every_plugin_file_under_one_top_folder(runner, tmp_path):
    archive = write_zip(runner, tmp_path / "plugin.zip")

    names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {"lmsexport"}
    assert {f"lmsexport/{name}" for name in REQUIRED} <= set(names)
    assert names == sorted(names)
    assert len(names) == len(plugin_files())
    assert archive.read("lmsexport/version.php") == (PLUGIN_DIR / "version.php").read_bytes()


def test_the_zip_is_the_same_bytes_every_time(runner, tmp_path):
    write_zip(runner, tmp_path / "one.zip")
    write_zip(runner, tmp_path / "two.zip")

    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    dates = {entry.date_time for entry in zipfile.ZipFile(tmp_path / "one.zip").infolist()}
    assert len(dates) == 1


def test_flask_lms_lists_the_moodle_providers_command(runner):
    result = runner.invoke(args=["lms", "--help"])

    assert result.exit_code == 0
    assert "moodle-plugin" in result.output


def test_the_zip_can_go_to_stdout(runner):
    result = runner.invoke(args=["lms", "moodle-plugin", "-o", "-"])

    assert result.exit_code == 0
    assert zipfile.ZipFile(io.BytesIO(result.stdout_bytes)).namelist()


def test_the_plugin_declares_the_lms_export_service_and_its_functions():
    services = (PLUGIN_DIR / "db" / "services.php").read_text(encoding="utf-8")

    assert "'shortname'       => 'lms_export'" in services
    for function in ("local_lmsexport_create_course", "local_lmsexport_import_quiz",
                     "local_lmsexport_save_page", "core_webservice_get_site_info",
                     "core_course_get_courses_by_field"):
        assert f"'{function}'" in services


def test_every_php_file_passes_php_lint():
    php = shutil.which("php")
    if php is None:
        pytest.skip("php is not installed: the PHP syntax check needs it")
    for relative in plugin_files():
        if relative.suffix == ".php":
            checked = subprocess.run([php, "-l", str(PLUGIN_DIR / relative)],
                                     capture_output=True, text=True, check=False)
            assert checked.returncode == 0, checked.stdout + checked.stderr
