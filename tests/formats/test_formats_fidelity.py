"""Issue 10, item by item, with the smallest input that showed each fault.

Moodle output is read back through tests/formats/moodle_import.py, a model of Moodle's import
(lib/xmlize.php, question/format/xml/format.php, question/format.php, question/type/match);
Canvas output is checked against what canvas-lms reads (app/models/quizzes/quiz_question/
question_data.rb, answer_parsers/matching.rb).
"""

import xml.etree.ElementTree as ET

import moodle_import
import pytest
from conftest import push

from lms_export_blueprint.errors import InvalidAssetData
from lms_export_blueprint.formats import FormatRegistry, default_registry, format_asset_for_lms


def quiz(*questions, title="Check", name="quiz1"):
    content = {"questions": list(questions)}
    if title is not None:
        content["title"] = title
    return {"asset_name": name, "asset_type": "quiz", "asset_content": content}


def short_answer(*answers):
    return {"type": "short_answer", "text": "Type it.", "answers": list(answers)}


def matching(*matches, text="Match.", prompts=("a", "b"), **extra):
    pairs = [{"prompt": prompt, "match": match}
             for prompt, match in zip(prompts, matches, strict=False)]
    return {"type": "matching", "text": text, "pairs": pairs, **extra}


ESSAY = {"type": "essay", "text": "Explain."}


def moodle(asset):
    return moodle_import.read(format_asset_for_lms(asset, "moodle")["content"])


def canvas(asset, **options):
    return format_asset_for_lms(asset, "canvas", **options)["content"]


# 1. Plain-text fields keep their spaces: CDATA, as qformat_xml::xml_escape writes them.

@pytest.mark.parametrize("answer", ["x < π", "< >"])
def test_1_a_short_answer_with_an_escaped_character_is_saved_as_written(answer):
    _, (question,) = moodle(quiz(short_answer(answer)))

    assert [item.text_of() for item in question.findall("answer")] == [answer]


def test_1_a_matching_answer_with_an_escaped_character_is_saved_as_written():
    _, (question,) = moodle(quiz(matching("\u03b1 & \u03b2", "\u03b3")))

    assert moodle_import.matching(question)[0] == [("a", "\u03b1 & \u03b2"), ("b", "\u03b3")]


def test_1_a_title_with_an_escaped_character_is_the_category_name():
    category, _ = moodle(quiz(ESSAY, title="Maths < Ωmega"))

    assert category == ["top", "Maths < Ωmega"]


# 2. A title starting (or ending) with "/" is padded as assemble_category_path() pads it.

@pytest.mark.parametrize("title", ["/Unit 1", "/", "//", "Unit 1/"])
def test_2_a_title_with_an_outer_slash_is_one_category_of_that_name(title):
    category, _ = moodle(quiz(ESSAY, title=title))

    assert category == ["top", title]


# 3. create_category_path() skips a category called "top".

def test_3_the_title_top_still_gets_a_category_of_its_own():
    xml = format_asset_for_lms(quiz(ESSAY, title="top"), "moodle")["content"]
    category, _ = moodle_import.read(xml)

    assert category == ["top", "top (questions)"]
    assert '<!-- the title "top" renamed' in xml


# 4. Column limits (lib/db/install.xml): refused before anything is pushed, or shortened.

def test_4_a_title_over_255_characters_is_shortened_and_the_file_says_so():
    xml = format_asset_for_lms(quiz(ESSAY, title="T" * 256), "moodle")["content"]
    category, _ = moodle_import.read(xml)

    assert category == ["top", "T" * 254 + "…"]
    assert "<!-- title shortened to 255 characters" in xml


@pytest.mark.parametrize(("question", "field", "reason"), [
    ({**ESSAY, "points": 100000}, "questions[0].points", "at most 99999.9999999 points"),
    (matching("m" * 256, "n"), "questions[0].pairs[0].match", "at most 255 characters"),
    (matching("m", "n", distractors=["d" * 256]), "questions[0].distractors[0]",
     "at most 255 characters"),
])
def test_4_a_value_over_a_moodle_column_is_refused_naming_the_field(question, field, reason):
    with pytest.raises(InvalidAssetData) as refused:
        format_asset_for_lms(quiz(question), "moodle")

    assert refused.value.field_path == field
    assert reason in refused.value.reason


def test_4_values_at_the_moodle_limits_are_written():
    asset = quiz({**ESSAY, "points": 99999.5}, matching("m" * 255, "n", distractors=["d" * 255]),
                 title="T" * 255)
    category, (essay, match) = moodle(asset)

    assert category == ["top", "T" * 255]
    assert essay.text_of("defaultgrade") == "99999.5"
    assert moodle_import.matching(match) == ([("a", "m" * 255), ("b", "n")], ["d" * 255])


# 5. A control character in the asset name (the default title) is cleaned like any text.

def test_5_a_control_character_in_the_asset_name_does_not_reach_the_xml():
    xml = format_asset_for_lms(quiz(ESSAY, title=None, name="quiz\u0001one"), "moodle")["content"]

    ET.fromstring(xml.encode("utf-8"))
    assert moodle_import.read(xml)[0] == ["top", "quizone"]


def test_5_the_cleaned_asset_name_is_the_canvas_title_too():
    assert canvas(quiz(ESSAY, title=None, name="quiz\u0001one"))["quiz"]["title"] == "quizone"


# 6. Question names survive clean_question_name() (PARAM_TEXT strips tags).

def test_6_a_question_name_keeps_text_that_looks_like_a_tag():
    _, (question,) = moodle(quiz({**ESSAY, "text": "What does &lt;br&gt; do?"}))

    assert moodle_import.question_name(question) == "Q1 What does \u2039br> do?"


# 7. Matching is written as Moodle's exporter writes it.

def test_7_a_matching_question_is_type_matching():
    _, (question,) = moodle(quiz(matching("x", "y")))

    assert question.attrs["type"] == "matching"


# 8. One rule for text: plain text is escaped (Canvas sanitizes question_text as HTML).

def test_8_plain_question_text_with_angle_brackets_is_escaped_for_canvas():
    (question,) = canvas(quiz({**ESSAY, "text": "If x<y and y>z, is x<z?"}))["questions"]

    assert question["question_text"] == "If x&lt;y and y&gt;z, is x&lt;z?"
    assert question["question_name"] == "Q1 If x<y and y>z, is x<z?"


def test_8_moodle_stores_the_same_escaped_question_text():
    _, (question,) = moodle(quiz({**ESSAY, "text": "If x<y and y>z, is x<z?"}))

    assert question.text_of("questiontext", "text") == "If x&lt;y and y&gt;z, is x&lt;z?"


# 9. HTML goes in Canvas's *_html fields.

def test_9_feedback_goes_in_neutral_comments_html():
    (question,) = canvas(quiz({**ESSAY, "feedback": "<p>See <b>page 4</b>.</p>"}))["questions"]

    assert question["neutral_comments_html"] == "<p>See <b>page 4</b>.</p>"
    assert "neutral_comments" not in question


def test_9_an_html_prompt_goes_in_answer_match_left_html_with_its_text_beside_it():
    (question,) = canvas(quiz(matching("water", "salt", prompts=("H<sub>2</sub>O", "NaCl"))))[
        "questions"]

    first, second = question["answers"]
    assert (first["answer_match_left"], first["answer_match_left_html"]) == (
        "H2O", "H<sub>2</sub>O")
    assert "answer_match_left_html" not in second


# 10. Matching distractors: in the model and both formats.

DISTRACTED = matching("water", "salt", distractors=["sugar", "oil"])


def test_10_distractors_are_kept_by_lms_standard():
    question = format_asset_for_lms(quiz(DISTRACTED), "lms_standard")["content"]["questions"][0]

    assert question["distractors"] == ["sugar", "oil"]


def test_10_canvas_reads_distractors_one_per_line():
    (question,) = canvas(quiz(DISTRACTED))["questions"]

    assert question["matching_answer_incorrect_matches"] == "sugar\noil"


def test_10_moodle_takes_distractors_as_subquestions_with_no_text():
    _, (question,) = moodle(quiz(DISTRACTED))

    assert moodle_import.matching(question) == ([("a", "water"), ("b", "salt")], ["sugar", "oil"])


# 11. Publishing: the canvas format carries the push's choice.

PAGE = {"asset_name": "notes", "asset_type": "notes", "asset_content": "Hello"}


@pytest.mark.parametrize("publish", [True, False])
def test_11_a_canvas_page_carries_published(publish):
    assert canvas(PAGE, publish=publish)["wiki_page"]["published"] is publish


def test_11_a_canvas_quiz_is_created_unpublished_and_published_after_its_questions():
    content = canvas(quiz(ESSAY), publish=True)

    assert content["quiz"]["published"] is False
    assert content["publish"] == {"quiz": {"published": True}}


def test_11_a_canvas_quiz_not_to_publish_has_nothing_to_publish():
    assert canvas(quiz(ESSAY), publish=False)["publish"] is None


def test_11_a_custom_formatter_of_one_argument_still_works_beside_publish():
    registry = FormatRegistry({"shout": lambda asset: asset["asset_content"].upper()},
                              parent=default_registry)

    assert registry.format(PAGE, "shout", publish=False)["content"] == "HELLO"


def test_11_the_push_hands_publish_to_the_canvas_format(client, lms, lms_token):
    response = push(client, lms_token, asset_names=["lesson-notes"], export_format="canvas",
                    publish=False)

    assert response.status_code == 200, response.json
    (course,) = lms.courses.values()
    assert course["assets"][0]["content"]["wiki_page"]["published"] is False


# 12. Pages keep their text as written.

def test_12_lms_standard_gives_a_page_as_written():
    page = {**PAGE, "asset_content": "    indented code\n\ntext\n\n"}

    assert format_asset_for_lms(page, "lms_standard")["content"] == "    indented code\n\ntext\n\n"


def test_12_an_indented_page_line_is_a_code_block_in_html():
    page = {**PAGE, "asset_content": "    x = 1\n"}

    assert canvas(page)["wiki_page"]["body"] == "<pre><code>x = 1\n</code></pre>\n"


# Issue 22. 3: a text, option or matching side whose HTML sanitizes to nothing is a 422 naming
# the question, for every format (Moodle drops a blank answer: question/type/multichoice/
# questiontype.php save_question_options, so a right answer would vanish).

@pytest.mark.parametrize("empty", ['<iframe src="https://v.example/1"></iframe>',
                                   "<video><source src='a.mp4'></video>",
                                   "<script>alert(1)</script>", "<![CDATA[x]]><br>",
                                   "<p>&nbsp;</p>", "&nbsp;"])
@pytest.mark.parametrize("export_format", ["moodle", "canvas", "lms_standard"])
def test_22_3_an_option_that_sanitizes_to_nothing_is_refused(empty, export_format):
    choice = {"type": "multiple_choice", "text": "Pick.", "options": ["A", empty], "answer": 1}

    with pytest.raises(InvalidAssetData) as refused:
        format_asset_for_lms(quiz(ESSAY, choice), export_format)

    assert refused.value.field_path == "questions[1].options[1]"
    assert "empty once its HTML is sanitized" in refused.value.reason


@pytest.mark.parametrize(("field", "question"), [
    ("text", {"type": "essay", "text": "<iframe></iframe>"}),
    ("pairs[1].prompt", matching("x", "y", prompts=("a", "<video></video>"))),
    ("pairs[0].match", matching("<script>x</script>", "y")),
])
def test_22_3_texts_and_prompts_that_sanitize_to_nothing_are_refused(field, question):
    with pytest.raises(InvalidAssetData) as refused:
        format_asset_for_lms(quiz(question), "moodle")

    assert refused.value.field_path == f"questions[0].{field}"


def test_22_3_an_image_alone_is_not_empty():
    choice = {"type": "multiple_choice", "text": "Pick.", "answer": 0,
              "options": ['<img src="https://example.edu/a.png" alt="">', "B"]}

    _, (question,) = moodle(quiz(choice))

    assert "<img" in question.findall("answer")[0].text_of("text")


# 4. Pages: an explicit format is honoured; without one the document decides.

def page(body, page_format=None):
    content = {"title": "P", "body": body}
    if page_format:
        content["format"] = page_format
    return {"asset_name": "p", "asset_type": "notes", "asset_content": content}


def test_22_4_markdown_with_an_inline_tag_is_still_markdown():
    html = format_asset_for_lms(page("# Title\n\nSome <b>bold</b> and *this* &amp; that"),
                                "moodle")["content"]

    assert "<h1>Title</h1>" in html and "<em>this</em>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html  # raw HTML in Markdown shows as text (docs)


@pytest.mark.parametrize(("body", "page_format", "expected"), [
    ("# Not a heading", "text", "# Not a heading"),
    ("<p>HTML said</p>", "html", "<p>HTML said</p>"),
    ("<p>*kept*</p>", "markdown", "&lt;p&gt;<em>kept</em>&lt;/p&gt;"),
    ("<p>Opens with a block tag</p>\n\n# still HTML", None, "<p>Opens with a block tag</p>"),
])
def test_22_4_a_page_format_is_honoured(body, page_format, expected):
    assert expected in format_asset_for_lms(page(body, page_format), "moodle")["content"]


def test_22_4_an_unknown_page_format_is_a_422():
    with pytest.raises(InvalidAssetData) as refused:
        format_asset_for_lms(page("x", "rst"), "moodle")

    assert refused.value.field_path == "format"


# 5. MathML: Canvas keeps it (canvas-lms gems/canvas_sanitize spec "allows valid MathML");
# elsewhere its alttext, TeX annotation or text; SVG by its title everywhere.

MATH = '<math><mi>x</mi><mo>+</mo><mn>1</mn></math>'


def test_22_5_canvas_keeps_mathml():
    payload = canvas(quiz({"type": "essay", "text": f"Solve {MATH} = 4"}))

    assert payload["questions"][0]["question_text"] == f"Solve {MATH} = 4"


@pytest.mark.parametrize(("math", "shown"), [
    (MATH, "Solve x + 1 = 4"),
    ('<math alttext="x plus one"><mi>x</mi></math>', "Solve x plus one = 4"),
    ('<math><semantics><mi>x</mi><annotation encoding="application/x-tex">x+1</annotation>'
     "</semantics></math>", "Solve \\(x+1\\) = 4"),
])
def test_22_5_moodle_keeps_the_text_of_mathml(math, shown):
    _, (question,) = moodle(quiz({"type": "essay", "text": f"Solve {math} = 4"}))

    assert question.text_of("questiontext", "text") == shown


def test_22_5_svg_keeps_its_title():
    text = 'See <svg viewBox="0 0 1 1"><title>A unit square</title><rect/></svg> here'

    _, (question,) = moodle(quiz({"type": "essay", "text": text}))

    assert question.text_of("questiontext", "text") == "See A unit square here"


# Quiz settings in the canvas format: the Quizzes API's own names (quizzes_api_controller.rb).

def test_22_settings_reach_the_canvas_quiz_under_the_quizzes_api_names():
    asset = quiz(ESSAY)
    asset["asset_content"]["settings"] = {
        "time_limit_minutes": 20, "allowed_attempts": -1, "shuffle_answers": True,
        "due_at": "2026-12-24T17:00:00Z", "show_correct_answers": False}

    payload = canvas(asset)["quiz"]

    assert {key: payload[key] for key in ("time_limit", "allowed_attempts", "shuffle_answers",
                                          "show_correct_answers")} == {
        "time_limit": 20, "allowed_attempts": -1, "shuffle_answers": True,
        "show_correct_answers": False}
    assert payload["due_at"].startswith("2026-12-24T17:00:00")


def test_22_without_settings_the_canvas_quiz_says_none():
    assert "time_limit" not in canvas(quiz(ESSAY))["quiz"]
