"""How a package says what it dropped or converted: the one ``Warnings`` collector of every push
and package (lms_export_blueprint/warnings.py), as a bounded header and a full list inside.

Proxies refuse answers whose headers are too large (nginx's ``proxy_buffer_size``: 4 KiB by
default, for every header together), so the header keeps to :data:`MAX_HEADER_BYTES` and, when
the list is longer, ends by counting the rest; the package itself carries every warning
(``warnings.txt`` in a zip, a comment atop Moodle XML and GIFT).
"""

from __future__ import annotations

from urllib.parse import quote

from ..warnings import Warnings

#: Response header that carries the warnings; ``; `` separates them.
HEADER = "X-LMS-Package-Warnings"
#: The header value's most bytes: room left for every other header under a 4 KiB buffer.
MAX_HEADER_BYTES = 2048
#: The zip member listing every warning, one a line.
FILE_NAME = "warnings.txt"
# Printable ASCII stays readable; anything else (and "%" itself) is percent-encoded UTF-8,
# since a header holds Latin-1 at most and asset names can be any text.
_READABLE = "".join(chr(code) for code in range(0x20, 0x7f) if chr(code) not in "%;")
_SEPARATOR = "; "

__all__ = ["FILE_NAME", "HEADER", "MAX_HEADER_BYTES", "Warnings", "header_value", "listing"]


def header_value(messages: list[str]) -> str:
    """The messages as one header value: ``; ``-separated, non-ASCII percent-encoded, at most
    :data:`MAX_HEADER_BYTES`; what does not fit is counted at the end."""
    encoded = [quote(message, safe=_READABLE) for message in messages]
    kept: list[str] = []
    used = 0
    for index, message in enumerate(encoded):
        rest = len(encoded) - index - 1
        # Room for this message and, unless it is the last, for the count that may follow it.
        reserve = 0 if rest == 0 else len(_more(rest)) + len(_SEPARATOR)
        cost = len(message) + (len(_SEPARATOR) if kept else 0)
        if used + cost + reserve > MAX_HEADER_BYTES:
            shown = _SEPARATOR.join(kept)
            more = _more(len(encoded) - index)
            return f"{shown}{_SEPARATOR}{more}" if shown else more
        kept.append(message)
        used += cost
    return _SEPARATOR.join(kept)


def _more(count: int) -> str:
    return f"and {count} more: the package lists every warning ({FILE_NAME})"


def listing(messages: list[str]) -> str:
    """Every warning, one a line, for the package itself."""
    return "".join(f"{' '.join(message.split())}\n" for message in messages)
