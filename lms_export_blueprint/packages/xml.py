"""Escaping text for the XML every package writes."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# XML 1.0 has no way to write these; a document holding one is refused whole.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def text(value: str) -> str:
    """``value`` escaped for element content."""
    return escape(_NOT_XML.sub("", value))


def attribute(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return escape(_NOT_XML.sub("", value), _ATTRIBUTE)
