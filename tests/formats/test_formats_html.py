"""The one rule for text (formats/html.py): HTML stays HTML, sanitized with one allow-list;
plain text is escaped with its line breaks kept; pages are CommonMark (markdown-it-py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms_export_blueprint.formats.fields import clean_text
from lms_export_blueprint.formats.html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    is_blank,
    looks_like_html,
    none_shows_nothing,
    page_html,
    plain_text,
    shows_nothing,
    text_html,
)


@pytest.mark.parametrize(("text", "html"), [
    # issue 10 item 8: Canvas sanitizes question_text as HTML and saved "If xz, is x".
    ("If x<y and y>z, is x<z?", "If x&lt;y and y&gt;z, is x&lt;z?"),
    ("Tom & Jerry", "Tom &amp; Jerry"),
    ("line one\nline two", "line one<br>\nline two"),
    ('She said "hi"', 'She said "hi"'),
])
def test_plain_text_is_escaped_and_keeps_its_line_breaks(text, html):
    assert text_html(text) == html


@pytest.mark.parametrize("html", [
    "Which pigment <b>absorbs</b> light?",
    '<p>See <a href="https://e.org/a?b=1&amp;c=2" rel="noopener noreferrer">this</a>.</p>',
    "What does &lt;br&gt; do?",
    "<ul><li>one</li><li>two</li></ul>",
])
def test_html_within_the_allow_list_is_kept_as_given(html):
    assert text_html(html) == html


@pytest.mark.parametrize(("html", "kept"), [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<img src="data:image/png;base64,AA" alt="x">', '<img alt="x">'),
    ("<iframe src='https://e.org'></iframe><b>x</b>", "<b>x</b>"),
    ('<p style="position:fixed">x</p>', "<p>x</p>"),
])
def test_html_outside_the_allow_list_is_removed(html, kept):
    assert text_html(html) == kept


@pytest.mark.parametrize(("text", "is_html"), [
    ("If x<y and y>z, is x<z?", False),
    ("a < b > c", False),
    ("AT&T; R&D", False),
    ("<p>para</p>", True),
    ("line<br/>break", True),
    ("What does &lt;br&gt; do?", True),
    ("caf&#233;", True),
    ("<script>x</script>", True),
])
def test_html_is_recognised_by_a_tag_or_a_character_reference(text, is_html):
    assert looks_like_html(text) is is_html


def test_the_allow_list_keeps_no_scripting_tag_or_attribute():
    assert not {"script", "style", "iframe", "object", "embed", "form"} & ALLOWED_TAGS
    names = {name for names in ALLOWED_ATTRIBUTES.values() for name in names}
    assert not {name for name in names if name.startswith("on")} | ({"style"} & names)


@pytest.mark.parametrize(("text", "html"), [
    ("Hello", "<p>Hello</p>\n"),
    ("a < b & c", "<p>a &lt; b &amp; c</p>\n"),
    ("## Title", "<h2>Title</h2>\n"),
    ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
    ("1. a\n2) b", "<ol>\n<li>a</li>\n</ol>\n<ol start=\"2\">\n<li>b</li>\n</ol>\n"),
    ("**bold** and *em* and `x<y`",
     "<p><strong>bold</strong> and <em>em</em> and <code>x&lt;y</code></p>\n"),
    ("[site](https://e.org/?a=1&b=2)",
     '<p><a href="https://e.org/?a=1&amp;b=2" rel="noopener noreferrer">site</a></p>\n'),
    ("[bad](javascript:alert(1))", "<p>[bad](javascript:alert(1))</p>\n"),
    ("```\nif a < b:\n\n    pass\n```", "<pre><code>if a &lt; b:\n\n    pass\n</code></pre>\n"),
    ("snake_case_name", "<p>snake_case_name</p>\n"),
])
def test_page_text_is_read_as_commonmark(text, html):
    assert page_html(text) == html


def test_leading_indentation_of_a_page_is_markdown_code_not_text_to_drop():
    assert page_html("    x = 1\n") == "<pre><code>x = 1\n</code></pre>\n"


def test_a_page_that_is_html_is_sanitized_not_converted():
    html = '<h1>Light</h1>\n<p class="x">Chlorophyll *absorbs*</p>'
    assert page_html(html) == html
    assert page_html("<h1>Hi</h1><script>x()</script>") == "<h1>Hi</h1>"


@pytest.mark.parametrize(("text", "plain"), [
    ("<b>H</b><sub>2</sub>O", "H2O"),
    ("<p>a</p><p>b</p>", "a b"),
    ("x &lt; y", "x < y"),
    ("If x<y and y>z", "If x<y and y>z"),
])
def test_plain_text_is_what_a_reader_sees(text, plain):
    assert plain_text(text) == plain


# What reaches text_html has been through clean_text (fields.py), as every model text has.
model_texts = st.text().map(clean_text)


@given(model_texts)
def test_plain_text_never_carries_a_tag_once_escaped(text):
    if not looks_like_html(text):
        assert "<" not in text_html(text).replace("<br>", "")


@given(model_texts)
def test_the_rule_applied_again_to_its_output_is_stable(text):
    # The first pass may respell an entity (U+00A0 as &nbsp;); after that nothing changes.
    twice = text_html(text_html(text))
    assert text_html(twice) == twice


# Pieces that show text, that sanitize to nothing and that sit in between, so lists of texts
# join them every way: the quick yes for many texts must never pass one that shows nothing.
_PIECES = st.sampled_from([
    "a", "x<y", "&amp;", "&", "<b>b</b>", "<p>", "</p>", "<script>s</script>", "<style>", "<s>",
    "<strong>", "<span>", "<video></video>", "<iframe></iframe>", "<!-- c -->", "<!", "<S",
    "<img src='https://example.edu/a.png'>", "&nbsp;", " ", "<br>"])
_printable_trimmed_texts = st.lists(_PIECES, min_size=1, max_size=4).map("".join).map(
    str.strip).filter(bool)


@given(st.lists(_printable_trimmed_texts, min_size=1, max_size=6))
def test_the_quick_yes_for_many_texts_passes_none_that_sanitizes_to_nothing(texts):
    if none_shows_nothing(texts):
        assert not any(is_blank(text) for text in texts)


@given(_printable_trimmed_texts)
def test_the_quick_no_of_shows_nothing_passes_no_text_that_sanitizes_to_nothing(text):
    assert shows_nothing(text) == is_blank(text)


@pytest.mark.parametrize("texts", [
    ["a", "b <b>c</b>", "<video></video>"],
    ["<iframe></iframe>", "a"],
    ["a", "&nbsp;"],
    ["a", "<script>c</script>"],
    ["<strong></strong>", "a"],
], ids=repr)
def test_the_quick_yes_for_many_texts_leaves_one_that_may_show_nothing_to_be_asked(texts):
    assert not none_shows_nothing(texts)


def test_the_quick_yes_for_many_texts_passes_visible_html():
    assert none_shows_nothing(["Pick <b>one</b>", "a & b", "x<y", "x<sup>2</sup>",
                               "y<script>z</script>"])
