"""The Moodle plugin ``local_lmsexport``, shipped as package data, and its installable zip.

The plugin's files are GPL-3.0-or-later (``lmsexport/COPYING.txt``), as every Moodle plugin must
be; the rest of the package is MIT.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

#: The plugin's source folder; the zip holds it as its one top folder.
PLUGIN_DIR = Path(__file__).parent / "lmsexport"
#: Every entry gets this date and mode, so the same source always makes the same bytes.
_ENTRY_DATE = (2026, 1, 1, 0, 0, 0)
_ENTRY_MODE = 0o644 << 16


def plugin_files() -> list[Path]:
    """The plugin's files, relative to ``PLUGIN_DIR``, sorted."""
    return sorted(path.relative_to(PLUGIN_DIR) for path in PLUGIN_DIR.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)


def plugin_zip() -> bytes:
    """The installable zip: ``lmsexport/...``, as Moodle's plugin installer expects."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in plugin_files():
            entry = zipfile.ZipInfo(f"{PLUGIN_DIR.name}/{relative.as_posix()}", _ENTRY_DATE)
            entry.external_attr = _ENTRY_MODE
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, (PLUGIN_DIR / relative).read_bytes())
    return buffer.getvalue()
