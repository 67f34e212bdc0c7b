"""Rich-content HTML cleaned as Canvas cleans it before storing (gems/canvas_sanitize,
CanvasSanitize::SANITIZE): allowed tags kept, scripts dropped, text re-escaped.

What matters to a client: text is read as HTML, so plain text with ``<`` must arrive escaped
(in ``is a<b and c>d`` Canvas sees a ``<b>`` tag, and "and c" vanishes into it).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

_ALLOWED = frozenset({
    "a", "abbr", "b", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "tt", "u", "ul", "var", "math"})
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed"})
_ATTRIBUTES = frozenset({
    "alt", "align", "border", "class", "colspan", "dir", "height", "href", "id", "lang", "rel",
    "rowspan", "src", "style", "target", "title", "width"})
_VOID = frozenset({"br", "hr", "img", "col"})


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skipping += 1
        elif tag in _ALLOWED and not self._skipping:
            kept = "".join(f' {name}="{html.escape(value or "", quote=True)}"'
                           for name, value in attrs if _safe(name, value))
            self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _ALLOWED and tag not in _VOID and not self._skipping:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.out.append(html.escape(data, quote=False))


def _safe(name: str, value: str | None) -> bool:
    if name not in _ATTRIBUTES:
        return False
    return not (name in {"href", "src"} and (value or "").strip().lower().startswith(
        ("javascript:", "vbscript:")))


def sanitize(text: object) -> object:
    """``text`` cleaned when it is a string; anything else (None, numbers) as it came."""
    if not isinstance(text, str):
        return text
    cleaner = _Cleaner()
    cleaner.feed(text)
    cleaner.close()
    return "".join(cleaner.out)
