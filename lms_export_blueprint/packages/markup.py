"""The one place package text becomes HTML: question text, options, feedback and pages."""

from __future__ import annotations

from html import escape

from ..formats import model
from ..formats.pages import looks_like_html, page_html


def text_html(text: str) -> str:
    """Question text (or an option, or feedback) as HTML: HTML as given, plain text escaped.

    The formats helper adds ``formats.html.text_html`` (sanitising HTML too); this is the
    single call to point at it.
    """
    if looks_like_html(text):
        return text
    return escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>\n")


def page_document(page: model.Page) -> str:
    """A page as a whole HTML document, the shape web content takes inside a cartridge."""
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(page.title)}</title>\n</head>\n<body>\n"
            f"{page_html(page.body)}\n</body>\n</html>\n")
