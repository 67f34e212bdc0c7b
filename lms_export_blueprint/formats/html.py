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

from .fields import clean_text

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

#: MathML that Canvas keeps: its sanitizer allows MathML (canvas-lms gems/canvas_sanitize,
#: spec "allows valid MathML"). Moodle's HTML cleaning (HTMLPurifier) and the CC/QTI importers
#: do not, so every other target gets the formula's text instead (:func:`flatten_math`).
MATHML_TAGS = frozenset({
    "math", "annotation", "menclose", "merror", "mfenced", "mfrac", "mi", "mmultiscripts", "mn",
    "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt",
    "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover",
    "semantics",
})
_MATHML_ATTRIBUTES: dict[str, frozenset[str]] = {
    "math": frozenset({"display", "alttext"}), "annotation": frozenset({"encoding"}),
    "mo": frozenset({"stretchy", "fence", "separator", "form"}),
    "mi": frozenset({"mathvariant"}), "mfrac": frozenset({"linethickness"}),
    "mtd": frozenset({"columnspan", "rowspan"}),
}

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
)
_MATH_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS | MATHML_TAGS),
    attributes={tag: set(names) for tag, names in {**ALLOWED_ATTRIBUTES,
                                                    **_MATHML_ATTRIBUTES}.items()},
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
#: Joins texts for ``none_shows_nothing``; no printable text holds it.
_TEXTS_APART = "\x00"
_STARTS_IN_MARKUP = re.compile(re.escape(_TEXTS_APART) + "[<&]")
_BREAKS = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr|td|th|dd|dt)\s*>", re.IGNORECASE)

MATH_FLATTENED = "MathML written as its text or TeX (the LMS cannot show MathML)"
SVG_FLATTENED = "SVG drawings written as their title or text (no LMS keeps inline SVG)"
_SVG_PARTS = frozenset({"title", "text", "desc", "g", "path", "rect", "circle", "line", "tspan"})
_DOCUMENT_TAGS = frozenset({"html", "head", "body"})
_FOREIGN = re.compile(r"<(?:math|svg)\b", re.IGNORECASE)
_MATH = re.compile(r"<math\b([^>]*)>(.*?)</math\s*>", re.IGNORECASE | re.DOTALL)
_SVG = re.compile(r"<svg\b[^>]*>(.*?)</svg\s*>", re.IGNORECASE | re.DOTALL)
_ALTTEXT = re.compile(r"""\balttext\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_TEX = re.compile(r"""<annotation\b[^>]*encoding\s*=\s*["'](?:application/x-tex|tex|text/x-tex)"""
                  r"""["'][^>]*>(.*?)</annotation\s*>""", re.IGNORECASE | re.DOTALL)
_ANNOTATION = re.compile(r"<annotation(?:-xml)?\b.*?</annotation(?:-xml)?\s*>",
                         re.IGNORECASE | re.DOTALL)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text\s*>", re.IGNORECASE | re.DOTALL)
_OPENING = re.compile(r"\A\s*(?:<!DOCTYPE|<!--|<([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>]))", re.IGNORECASE)
_BLOCK_TAGS = frozenset({
    "article", "blockquote", "body", "div", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "ol", "p", "pre", "section", "table", "ul"})
#: Markdown's own syntax: a heading, a list item, a quote or fence opening a line; a setext
#: underline; **strong**, a [link](url) or `code` anywhere.
_MARKDOWN_SYNTAX = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>|```|~~~)|^ {0,3}(?:=+|-{2,})[ \t]*$"
    r"|\*\*\S|__\S|\]\([^)\s]+\)|`[^`\n]+`", re.MULTILINE)

_MARKDOWN = MarkdownIt("commonmark", {"html": False})

#: Texts up to this length are cached (options, prompts, question text); page bodies are not.
_CACHED_LENGTH = 2000


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds an HTML tag (``<p>``, ``</b>``, ``<br/>``) or a character
    reference (``&lt;``, ``&#233;``): ``x<y and y>z`` is plain text, ``a &lt; b`` is HTML."""
    if "<" not in text and "&" not in text:  # most plain text: one scan, no regex
        return False
    return _has_markup_cached(text) if len(text) <= _CACHED_LENGTH else _has_markup(text)


def text_html(text: str, *, mathml: bool = False) -> str:
    """``text`` as HTML: HTML sanitized with the allow-list; plain text escaped, with each
    ``\\n`` kept after a ``<br>``. ``mathml``: the target keeps MathML (Canvas)."""
    if "<" not in text and "&" not in text and ">" not in text and "\n" not in text:
        return text  # most question text: nothing to escape, no need to look further
    if looks_like_html(text):
        return sanitize(text, mathml=mathml)
    return _escaped(text)


def page_html(text: str, page_format: str | None = None, *, mathml: bool = False) -> str:
    """A page body as HTML, read as its ``page_format`` says (``"markdown"``, ``"html"``,
    ``"text"``) or, without one, as the document reads (:func:`page_is_html`)."""
    if page_format is None:
        page_format = "html" if page_is_html(text) else "markdown"
    if page_format == "html":
        return sanitize(text, mathml=mathml)
    if page_format == "text":
        return _escaped(text)
    # Raw HTML in Markdown is off, so markup in the text shows as text; the output is still
    # sanitized, for the links and images CommonMark lets through.
    return sanitize(markdown_html(text), mathml=mathml)


def markdown_html(text: str) -> str:
    """Markdown rendered (CommonMark, raw HTML shown as text), not yet sanitized: for finding
    the images a page links before the target's links replace them (formats/files.py)."""
    return _MARKDOWN.render(text)


def page_is_html(text: str) -> bool:
    """Whether a page body without a stated format is an HTML document.

    Decided by the whole document, not by its first tag: one that opens with a block tag
    (``<p>``, ``<div>``, ``<!DOCTYPE html>``) is HTML; one with Markdown's own syntax (a ``#``
    heading, a list, ``**strong**``, a link) is Markdown even with inline tags in it; the rest
    is HTML when it holds a tag, else Markdown (which renders plain text as paragraphs).
    """
    opening = _OPENING.match(text)
    if opening and (opening.group(1) is None or opening.group(1).lower() in _BLOCK_TAGS):
        return True
    if _MARKDOWN_SYNTAX.search(text):
        return False
    return "<" in text and any(match.group(1).lower() in _TAG_NAMES
                               for match in _TAG.finditer(text))


def sanitize(html: str, *, mathml: bool = False) -> str:
    """``html`` with only the allowed tags, attributes and URL schemes; MathML kept when the
    target keeps it (``mathml``), else written as its text, as SVG always is (flatten_math).

    Short texts are cached: a format sanitizes the same option or prompt more than once, and
    plain_text() reuses the result. Long ones (page bodies) are not, to keep memory bounded.
    """
    if len(html) <= _CACHED_LENGTH:
        return _sanitize_cached(html, mathml)
    return _clean(html, mathml)


@lru_cache(maxsize=4096)
def _sanitize_cached(html: str, mathml: bool) -> str:
    return _clean(html, mathml)


def _clean(html: str, mathml: bool) -> str:
    if "<" in html and _FOREIGN.search(html):
        html = flatten_math(html, keep_mathml=mathml)
        if mathml:
            return _MATH_CLEANER.clean(html)
    return _CLEANER.clean(html)


def flatten_math(html: str, *, keep_mathml: bool = False) -> str:
    """``html`` with each ``<svg>`` (no LMS keeps one: Canvas's sanitizer deletes it with its
    content) and, unless ``keep_mathml``, each ``<math>`` replaced by text a reader can use:
    the formula's ``alttext``, else its TeX annotation as ``\\(...\\)`` (which Moodle's
    MathJax filter renders), else its text; an SVG by its ``<title>``, else its ``<text>``."""
    html = _SVG.sub(_svg_text, html)
    return html if keep_mathml else _MATH.sub(_math_text, html)


def _math_text(match: re.Match[str]) -> str:
    attributes, inner = match.group(1), match.group(2)
    alttext = _ALTTEXT.search(attributes)
    if alttext:
        return escape(unescape(alttext.group(2)), quote=False)
    tex = _TEX.search(inner)
    if tex:
        return escape("\\(" + unescape(_ANY_TAG.sub("", tex.group(1))).strip() + "\\)",
                      quote=False)
    return escape(_text_of(_ANNOTATION.sub("", inner)), quote=False)


def _svg_text(match: re.Match[str]) -> str:
    inner = match.group(1)
    title = _SVG_TITLE.search(inner)
    words = _text_of(title.group(1)) if title else " ".join(
        _text_of(text) for text in _SVG_TEXT.findall(inner))
    return escape(words, quote=False)


def _text_of(markup: str) -> str:
    return " ".join(unescape(_ANY_TAG.sub(" ", markup)).split())


def losses(text: str, *, mathml: bool = False) -> list[str]:
    """What writing ``text`` as HTML for a target changes, one message per kind: tags the
    sanitizer removes (an iframe, a video, a script), MathML and SVG written as text."""
    if "<" not in text or not looks_like_html(text):
        return []
    names = {match.group(1).lower() for match in _TAG.finditer(text)}
    found = []
    if "math" in names and not mathml:
        found.append(MATH_FLATTENED)
    if "svg" in names:
        found.append(SVG_FLATTENED)
    kept = ALLOWED_TAGS | MATHML_TAGS | _SVG_PARTS | _DOCUMENT_TAGS
    removed = sorted(name for name in names & _TAG_NAMES if name not in kept)
    if removed:
        found.append("removed (the LMS would not keep them): "
                     + ", ".join(f"<{name}>" for name in removed))
    return found


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing once sanitized: no text and no image (an iframe or
    a video only, a ``<script>``, a stray ``<![CDATA[``)."""
    if not looks_like_html(text):
        return not text.strip()
    html = sanitize(text)
    return "<img" not in html and not plain_text(text).strip()


def shows_nothing(text: str) -> bool:
    """True when ``text`` holds markup and sanitizes to nothing (``is_blank``); a quick no for
    text without markup, and for most HTML."""
    return ("<" in text or "&" in text) and not _surely_visible(text) and is_blank(text)


def none_shows_nothing(texts: list[str]) -> bool:
    """A quick yes for many texts at once, each printable and starting with no space: none
    starts inside a tag or a reference, so each shows its first character
    (``_surely_visible``). False means "ask ``shows_nothing`` of each"."""
    return not _STARTS_IN_MARKUP.search(_TEXTS_APART + _TEXTS_APART.join(texts))


def _surely_visible(text: str) -> bool:
    """A quick yes for most HTML: text that starts outside any tag and reference shows that
    character, whatever follows; else text outside its tags, and no element whose content the
    sanitizer removes (``<script>``, ``<style>``) or markup it reads otherwise (``<!``)."""
    if text[0] not in "<&" and not text[0].isspace():
        return True
    if "<!" in text or "<s" in text or "<S" in text:
        return False
    outside = _ANY_TAG.sub("", text)
    # A reference may stand for a space (&nbsp;): is_blank decodes it.
    return bool(outside) and not outside.isspace() and "&" not in outside


def plain_text(text: str) -> str:
    """The text a reader sees in ``text``: tags dropped and references decoded when it is HTML.

    For LMS fields that only take plain text, such as Canvas's ``answer_match_left``.
    """
    if not looks_like_html(text):
        return text
    # Sanitized HTML escapes every "<" that is not a tag, so a plain regex finds the tags; and
    # the sanitized form is usually cached already, by text_html() of the same text.
    spaced = _BREAKS.sub(" ", sanitize(text))  # "<p>a</p><p>b</p>" reads "a b", not "ab"
    # A reference such as "&#1;" decodes to a character no XML document may hold.
    return " ".join(clean_text(unescape(_ANY_TAG.sub("", spaced))).split())


def _escaped(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>\n")


def _has_markup(text: str) -> bool:
    if any(match.group(1).lower() in _TAG_NAMES for match in _TAG.finditer(text)):
        return True
    return any(_is_char_ref(match.group()) for match in _CHAR_REF.finditer(text))


_has_markup_cached = lru_cache(maxsize=4096)(_has_markup)


def _is_char_ref(reference: str) -> bool:
    if reference.startswith("&#"):
        return True
    return reference[1:] in html5
