"""The one rule for text bound for an LMS: HTML stays HTML, sanitized; plain text is escaped.

Question text, feedback, options and instructions go through :func:`text_html`; page bodies
through :func:`page_html`, which also reads Markdown. Both sanitize with one allow-list
(:data:`ALLOWED_TAGS`, :data:`ALLOWED_ATTRIBUTES`), so what a format writes is what the LMS keeps.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from html.entities import html5

import nh3
from markdown_it import MarkdownIt

#: Tags every LMS we write for keeps: the static-content part of Canvas's own list
#: (canvas-lms gems/canvas_sanitize/lib/canvas_sanitize/canvas_sanitize.rb, ``SANITIZE``), which
#: Moodle's HTML cleaning (lib/weblib.php ``purify_html``) keeps as well. Embeds (iframe, object,
#: video) and ``style`` are left out: they need a per-site policy, not a default.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul", "var",
})

#: Attributes kept, per tag (``"*"``: on every tag). Links and images keep their URL only for
#: the schemes in :data:`URL_SCHEMES` (or a relative URL).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "dir", "lang", "title"}),
    "a": frozenset({"href", "target"}),
    "blockquote": frozenset({"cite"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "img": frozenset({"alt", "height", "src", "width"}),
    "ol": frozenset({"start", "type"}),
    "q": frozenset({"cite"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
}

#: URL schemes kept in ``href``, ``src`` and ``cite``; ``javascript:`` and ``data:`` are dropped.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
)

#: Tag names that make a text HTML: the allowed ones and those the sanitizer removes.
_TAG_NAMES = frozenset({
    *ALLOWED_TAGS, "article", "aside", "audio", "body", "button", "center", "details", "embed",
    "font", "footer", "form", "head", "header", "html", "iframe", "input", "label", "link",
    "main", "mark", "math", "meta", "nav", "object", "script", "section", "select", "source",
    "style", "summary", "svg", "textarea", "time", "title", "video"})
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])[^<>]*>")
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_ANY_TAG = re.compile(r"<[^>]*>")
_BREAKS = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr|td|th|dd|dt)\s*>", re.IGNORECASE)

_MARKDOWN = MarkdownIt("commonmark", {"html": False})

#: Texts up to this length are cached (options, prompts, question text); page bodies are not.
_CACHED_LENGTH = 2000


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds an HTML tag (``<p>``, ``</b>``, ``<br/>``) or a character
    reference (``&lt;``, ``&#233;``): ``x<y and y>z`` is plain text, ``a &lt; b`` is HTML."""
    if "<" not in text and "&" not in text:  # most plain text: one scan, no regex
        return False
    return _has_markup_cached(text) if len(text) <= _CACHED_LENGTH else _has_markup(text)


def text_html(text: str) -> str:
    """``text`` as HTML: HTML sanitized with the allow-list; plain text escaped, with each
    ``\\n`` kept after a ``<br>``."""
    if "<" not in text and "&" not in text and ">" not in text and "\n" not in text:
        return text  # most question text: nothing to escape, no need to look further
    if looks_like_html(text):
        return sanitize(text)
    return escape(text, quote=False).replace("\n", "<br>\n")


def page_html(text: str) -> str:
    """A page body as HTML: HTML sanitized; anything else read as Markdown (CommonMark)."""
    if looks_like_html(text):
        return sanitize(text)
    # Raw HTML in Markdown is off, so markup in the text shows as text; the output is still
    # sanitized, for the links and images CommonMark lets through.
    return sanitize(_MARKDOWN.render(text))


def sanitize(html: str) -> str:
    """``html`` with only the allowed tags, attributes and URL schemes.

    Short texts are cached: a format sanitizes the same option or prompt more than once, and
    plain_text() reuses the result. Long ones (page bodies) are not, to keep memory bounded.
    """
    return _sanitize_cached(html) if len(html) <= _CACHED_LENGTH else _CLEANER.clean(html)


@lru_cache(maxsize=4096)
def _sanitize_cached(html: str) -> str:
    return _CLEANER.clean(html)


def plain_text(text: str) -> str:
    """The text a reader sees in ``text``: tags dropped and references decoded when it is HTML.

    For LMS fields that only take plain text, such as Canvas's ``answer_match_left``.
    """
    if not looks_like_html(text):
        return text
    # Sanitized HTML escapes every "<" that is not a tag, so a plain regex finds the tags; and
    # the sanitized form is usually cached already, by text_html() of the same text.
    spaced = _BREAKS.sub(" ", sanitize(text))  # "<p>a</p><p>b</p>" reads "a b", not "ab"
    return " ".join(unescape(_ANY_TAG.sub("", spaced)).split())


def _has_markup(text: str) -> bool:
    if any(match.group(1).lower() in _TAG_NAMES for match in _TAG.finditer(text)):
        return True
    return any(_is_char_ref(match.group()) for match in _CHAR_REF.finditer(text))


_has_markup_cached = lru_cache(maxsize=4096)(_has_markup)


def _is_char_ref(reference: str) -> bool:
    if reference.startswith("&#"):
        return True
    return reference[1:] in html5
