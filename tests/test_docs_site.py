"""The README is the front door and the docs site builds with warnings as errors."""

from __future__ import annotations

import configparser
import inspect
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import require_module

from lms_export_blueprint import LMSExport
from lms_export_blueprint.config import all_keys
from lms_export_blueprint.testing.reference_lms import ReferenceLMS

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def build_site(source: Path, into: Path) -> subprocess.CompletedProcess[str]:
    require_module("mkdocs")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(into)],
                          cwd=source, capture_output=True, text=True, check=False)


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# --- the site -----------------------------------------------------------------------------------


@pytest.mark.docs
def test_the_site_builds_with_warnings_as_errors(tmp_path):
    result = build_site(ROOT, tmp_path / "site")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "failure-behaviour" / "index.html").exists()
    api_reference = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    # Read from the docstrings: a public method's own words reach the page.
    assert inspect.getdoc(LMSExport.init_app).splitlines()[0] in api_reference
    changelog = (tmp_path / "site" / "changelog" / "index.html").read_text(encoding="utf-8")
    first_section = re.search(r"^## (.+)$", (ROOT / "CHANGES.md").read_text(encoding="utf-8"),
                              re.MULTILINE)
    assert first_section is not None and first_section.group(1) in changelog


@pytest.mark.docs
def test_a_broken_link_fails_the_build(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    shutil.copy(ROOT / "CHANGES.md", tmp_path)  # the changelog page includes it
    with (tmp_path / "docs" / "cli.md").open("a", encoding="utf-8") as cli_page:
        cli_page.write("\nSee [the missing page](no-such-page.md).\n")

    result = build_site(tmp_path, tmp_path / "site")

    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr


def test_every_docs_page_a_source_file_cites_exists():
    cited = set()
    for path in [*ROOT.glob("tests/**/*.py"), *ROOT.glob("lms_export_blueprint/**/*.py")]:
        cited |= set(re.findall(r"docs/([\w-]+\.md)", path.read_text(encoding="utf-8")))

    cited |= {"formats.md", "failure-behaviour.md"}  # the pages other branches' tests cite

    assert sorted(name for name in cited if not (DOCS / name).exists()) == []


# --- the README -------------------------------------------------------------------------------


def test_the_readme_gives_the_two_quick_start_commands():
    assert "\nscripts/demo     # " in README
    assert "\nscripts/test     # every test\n" in README


def test_the_readme_stays_a_front_door():
    assert len(README.encode()) < 8_000
    assert "README-ready" not in README


def test_every_link_in_the_readme_leads_to_a_file():
    targets = re.findall(r"\]\(((?!https?:)[^)#]+)\)", README)

    assert targets
    assert [target for target in targets if not (ROOT / target).exists()] == []


def test_the_readme_config_table_has_the_defaults_of_the_key_table():
    rows = dict(re.findall(r"^\| `(LMS_[A-Z_]+)` \| ([^|]*) \|", README, re.MULTILINE))

    assert rows
    for key in all_keys():
        if key.name in rows:
            assert rows[key.name].strip() == shown(key.default), key.name


def test_the_configuration_page_lists_every_key_with_its_default():
    table = page("configuration.md").split("## What is checked")[0]
    rows = dict(re.findall(r"^\| `(LMS_[A-Z_]+)` \| ([^|]*) \|", table, re.MULTILINE))

    assert {key.name: rows.get(key.name, "").strip() for key in all_keys()} == {
        key.name: shown(key.default) for key in all_keys()}


def shown(default: object) -> str:
    if default is None:
        return "unset"
    return f'`"{default}"`' if isinstance(default, str) else f"`{default}`"


@pytest.mark.parametrize("where", ["README.md", "docs/installing.md"])
def test_every_extra_is_listed_in_one_table(where):
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    extras = set(setup["options.extras_require"])
    text = (ROOT / where).read_text(encoding="utf-8")

    assert {extra for extra in extras if f"| `{extra}` |" not in text} == set()


@pytest.mark.parametrize("fault", ["fail_next", "timeout_next", "refuse_next"])
def test_the_testing_page_gives_each_faults_defaults(fault):
    parameters = inspect.signature(getattr(ReferenceLMS, fault)).parameters.values()
    shown_parameters, starred = [], False
    for parameter in list(parameters)[1:]:
        if parameter.kind is parameter.KEYWORD_ONLY and not starred:
            shown_parameters.append("*")
            starred = True
        shown_parameters.append(f"{parameter.name}={parameter.default!r}")

    assert f"`{fault}({', '.join(shown_parameters)})`" in page("testing.md")
