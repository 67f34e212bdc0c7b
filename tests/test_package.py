"""What a plain install gives: the docs page, the public names, one version, the licence."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

from flask import Flask

import lms_export_blueprint
from lms_export_blueprint import LMSExport

ROOT = Path(__file__).parents[1]
DISTRIBUTION = "lms-export-blueprint"


def test_a_plain_install_brings_the_docs_pages_assets():
    plain = [line for line in importlib.metadata.requires(DISTRIBUTION) or []
             if "extra ==" not in line]

    assert any(line.startswith("flask-swagger-ui") for line in plain), plain


def test_the_docs_page_and_its_scripts_are_served_by_the_app():
    app = Flask(__name__)
    LMSExport(app)
    client = app.test_client()

    page = client.get("/api/docs/swagger-ui")
    script = client.get("/api/docs/swagger-ui-assets/swagger-ui-bundle.js")

    assert page.status_code == 200
    assert "/api/docs/swagger-ui-assets/swagger-ui-bundle.js" in page.get_data(as_text=True)
    assert script.status_code == 200


def test_every_public_name_resolves():
    for name in lms_export_blueprint.__all__:
        assert getattr(lms_export_blueprint, name) is not None, name


def test_the_pytest_plugin_imports_neither_flask_nor_responses():
    script = ("import sys, lms_export_blueprint.testing.pytest_plugin\n"
              "print(sorted(m for m in ('flask', 'responses', 'requests', 'flask_smorest')"
              " if m in sys.modules))")

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)

    assert result.stdout.strip() == "[]"


BUILT_OR_INSTALLED = {".venv", "build", "dist", "site"}


def test_the_version_is_written_once_and_the_changes_name_it():
    version = lms_export_blueprint.__version__

    assert importlib.metadata.version(DISTRIBUTION) == version
    assert f"## {version}" in (ROOT / "CHANGES.md").read_text(encoding="utf-8")
    # build/ and dist/ are what `pip wheel .` leaves in a checkout (the README's command):
    # copies of the package, not second places the version is written.
    written = [path for path in ROOT.glob("**/*.py")
               if not BUILT_OR_INSTALLED & set(path.relative_to(ROOT).parts) and re.search(
                   r"^__version__ = ", path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert [path.relative_to(ROOT).as_posix() for path in written] == [
        "lms_export_blueprint/_version.py"]


def test_the_licence_files_are_the_licences_the_metadata_names():
    """MIT, except the Moodle plugin shipped as package data: GPL-3.0-or-later, as Moodle's is."""
    metadata = importlib.metadata.metadata(DISTRIBUTION)
    plugin_licence = "lms_export_blueprint/providers/moodle/plugin/lmsexport/COPYING.txt"

    assert metadata["License"] == "MIT AND GPL-3.0-or-later"
    assert set(metadata.get_all("License-File")) == {"LICENSE", plugin_licence}
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 3" in (
        ROOT / plugin_licence).read_text(encoding="utf-8")
