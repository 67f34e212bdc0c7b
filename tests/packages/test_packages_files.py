"""Content-Disposition (RFC 6266 with RFC 5987's filename*), file names inside packages, and the
size of the warnings header."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from lms_export_blueprint.packages.files import ascii_name, content_disposition, slug
from lms_export_blueprint.packages.warnings import (
    FILE_NAME,
    MAX_HEADER_BYTES,
    Warnings,
    header_value,
)


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


def test_the_warnings_header_stays_bounded_and_counts_what_it_leaves_out():
    warnings = Warnings()
    for number in range(1000):
        warnings.add("pages left out", asset=f"page-{number:04d}-" + "x" * 400)

    value = header_value(warnings.messages())

    assert len(value.encode("latin-1")) <= MAX_HEADER_BYTES
    shown = value.split("; ")
    assert shown[0].startswith("page-0000-xxx") and shown[0].endswith(": pages left out")
    assert shown[-1] == (f"and {1000 - len(shown) + 1} more: the package lists every warning "
                         f"({FILE_NAME})")


def test_a_short_list_of_warnings_is_the_whole_header():
    assert header_value(["a: one", "b: two ✓"]) == "a: one; b: two %E2%9C%93"


def test_a_single_warning_too_long_for_the_header_is_counted():
    assert header_value(["x" * 5000]) == (
        f"and 1 more: the package lists every warning ({FILE_NAME})")
