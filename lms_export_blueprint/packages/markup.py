"""Page bodies as whole HTML documents, the shape web content takes inside a package."""

from __future__ import annotations

from html import escape

from ..formats import model
from ..formats.html import page_html


def page_document(page: model.Page) -> str:
    """A page as a whole HTML document, the shape web content takes inside a cartridge."""
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(page.title)}</title>\n</head>\n<body>\n"
            f"{page_html(page.body, page.format)}\n</body>\n</html>\n")
