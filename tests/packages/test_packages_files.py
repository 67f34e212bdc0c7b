"""Content-Disposition (RFC 6266 with RFC 5987's filename*), file names inside packages, and the
size of the warnings header."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from lms_export_blueprint.packages.files import ascii_name, content_disposition, slug
from lms_export_blueprint.packages.warnings import PackageWarnings, header_value


@pytest.mark.parametrize(("name", "plain"), [
    ("Biology 101", "Biology 101"),
    ("Biología «1» ✓", "Biologia 1"),
    ('Say "hi"; now', "Say _hi_ now"),
    ("../../etc/passwd", "etc passwd"),
    ("光合作用", "course"),
    ("", "course"),
])
def test_the_plain_filename_is_ascii_without_quotes_or_paths(name, plain):
    disposition = content_disposition(name, "zip")

    assert disposition.isascii()
    assert f'filename="{plain}.zip"' in disposition
    assert disposition.count('"') == 2


def test_filename_star_decodes_to_the_real_name():
    disposition = content_disposition("Biología 101 — 光合作用", "imscc")

    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Biología 101 — 光合作用.imscc"


def test_a_very_long_name_is_cut_to_a_file_name_length():
    assert len(ascii_name("x" * 1000)) <= 100


def test_page_slugs_are_unique_and_ascii():
    taken: set[str] = set()

    names = [slug("Notes ☀", taken), slug("Notes ☀", taken), slug("☀", taken)]

    assert names == ["notes", "notes-2", "page"]


def test_a_warning_about_many_assets_names_a_few_and_counts_the_rest():
    warnings = PackageWarnings()
    for number in range(1000):
        warnings.add("pages left out", f"page-{number:04d}-" + "x" * 400)

    [message] = warnings.messages()

    assert message.startswith("pages left out: page-0000-xxx")
    assert message.endswith(" and 995 more")
    assert len(header_value([message])) < 1000
