"""Pages become HTML for Moodle and Canvas: HTML kept, other text escaped and lightly formatted."""

import pytest

from lms_export_blueprint.formats.pages import page_html


@pytest.mark.parametrize(("text", "html"), [
    ("Hello", "<p>Hello</p>"),
    ("a < b & c", "<p>a &lt; b &amp; c</p>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("line one\nline two", "<p>line one<br>\nline two</p>"),
    ("## Title", "<h2>Title</h2>"),
    ("- a\n- b", "<ul><li>a</li><li>b</li></ul>"),
    ("1. a\n2) b", "<ol><li>a</li><li>b</li></ol>"),
    ("**bold** and *em* and `x<y`",
     "<p><strong>bold</strong> and <em>em</em> and <code>x&lt;y</code></p>"),
    ("[site](https://e.org/?a=1&b=2)", '<p><a href="https://e.org/?a=1&amp;b=2">site</a></p>'),
    ("[bad](javascript:alert(1))", "<p>[bad](javascript:alert(1))</p>"),
    ("```\nif a < b:\n\n    pass\n```", "<pre><code>if a &lt; b:\n\n    pass</code></pre>"),
    ("snake_case_name and 2*3*4", "<p>snake_case_name and 2*3*4</p>"),
])
def test_text_and_markdown_become_safe_html(text, html):
    assert page_html(text) == html


def test_html_is_kept_as_given():
    html = '<h1>Light</h1>\n<p class="x">Chlorophyll</p>'
    assert page_html(html) == html


def test_blocks_are_separated_by_blank_lines():
    assert page_html("# T\n\npara\n\n- x") == "<h1>T</h1>\n<p>para</p>\n<ul><li>x</li></ul>"
