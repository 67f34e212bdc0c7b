"""Page text as HTML: HTML kept as given; plain text and a small, safe Markdown subset converted."""

from __future__ import annotations

import re
from html import escape

_HTML_TAG = re.compile(
    r"<(p|div|br|h[1-6]|ul|ol|li|table|strong|em|b|i|a|img|span|pre|code|blockquote|section)"
    r"\b[^>]*>", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)")
_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^\s)]+)\)")


def looks_like_html(text: str) -> bool:
    return _HTML_TAG.search(text) is not None


def page_html(text: str) -> str:
    """``text`` as HTML: kept as is when it already is HTML, else converted from Markdown.

    Everything converted is escaped first, so text can never inject markup; only links to
    http(s) and mailto addresses become ``<a>``.
    """
    if looks_like_html(text):
        return text
    return "\n".join(_block(block) for block in _blocks(text))


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped into blocks: blank lines separate them; a fenced code block is one block."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            if fenced:
                blocks.append([*current, "```"])
                current, fenced = [], False
                continue
            if current:
                blocks.append(current)
            current, fenced = ["```"], True
            continue
        if not fenced and not line.strip():
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _block(lines: list[str]) -> str:
    if lines[0] == "```":
        code = "\n".join(line for line in lines[1:] if line != "```")
        return f"<pre><code>{escape(code, quote=False)}</code></pre>"
    heading = _HEADING.match(lines[0].strip())
    if heading and len(lines) == 1:
        level = len(heading.group(1))
        return f"<h{level}>{_inline(heading.group(2))}</h{level}>"
    for pattern, tag in ((_BULLET, "ul"), (_NUMBERED, "ol")):
        items = [pattern.match(line.strip()) for line in lines]
        if all(items):
            rows = "".join(f"<li>{_inline(item.group(1))}</li>" for item in items if item)
            return f"<{tag}>{rows}</{tag}>"
    return "<p>" + "<br>\n".join(_inline(line.strip()) for line in lines) + "</p>"


def _inline(text: str) -> str:
    text = escape(text, quote=True)
    text = _CODE_SPAN.sub(r"<code>\1</code>", text)
    text = _LINK.sub(r'<a href="\2">\1</a>', text)
    text = _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", text)
    return _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)
