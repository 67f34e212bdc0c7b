"""What every package shares: the zip in memory, safe file names and Content-Disposition."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()-]+")
_CONTROL_OR_SEPARATOR = re.compile(r"[\x00-\x1f\x7f/\\]+")
_SPACES = re.compile(r"\s+")
#: Long enough for any course name a person reads; short enough for every file system.
MAX_NAME_LENGTH = 100


def zip_bytes(members: Iterable[tuple[str, str | bytes]]) -> bytes:
    """A deflated zip of ``(path, text or bytes)`` members, built in memory: as large as the
    package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in members:
            archive.writestr(path, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def display_name(name: str) -> str:
    """The real name, without path separators or control characters, of a sane length."""
    cleaned = _SPACES.sub(" ", _CONTROL_OR_SEPARATOR.sub(" ", name)).strip(" .")
    return cleaned[:MAX_NAME_LENGTH].rstrip(" .") or "course"


def ascii_name(name: str) -> str:
    """``name`` in ASCII for the plain ``filename=``: accents dropped, the rest ``_``."""
    return _ascii(display_name(name)) or "course"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", _UNSAFE.sub("_", ascii_only)).strip(" ._")


def content_disposition(name: str, extension: str) -> str:
    """``attachment``: an ASCII ``filename``, the real one in ``filename*`` (RFC 6266/5987)."""
    real = f"{display_name(name)}.{extension}"
    return (f'attachment; filename="{ascii_name(name)}.{extension}"; '
            f"filename*=UTF-8''{quote(real, safe='')}")


def slug(text: str, taken: set[str]) -> str:
    """A short ASCII file name for ``text``, unique among ``taken`` (which it joins)."""
    base = _ascii(text).lower().replace(" ", "-")[:40].strip("-._") or "page"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
