"""moodle: a Moodle XML ``<quiz>`` for question sets (as qformat_xml imports it); HTML for pages.

Written to what Moodle's importer does with it: question/format/xml/format.php reads the file
with lib/xmlize.php, question/format.php files the questions into a category, and each
question type's save_question_options stores them (moodle_limits.py has the columns' limits).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from html import escape
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, unquote

from . import model
from .content import load_content, question_name
from .files import CarriedFile
from .html import page_html, plain_text, text_html
from .moodle_grades import penalties, percent, shares
from .moodle_limits import category_name, check_limits, moodle_name

#: Characters ``htmlspecialchars`` escapes: text holding one goes in CDATA, as Moodle's own
#: exporter writes it (``qformat_xml::xml_escape``); so does a newline, which a parser may also
#: hand over as a piece of its own.
_ESCAPED = re.compile("[&<>\"'\n]")
PLUGINFILE = "@@PLUGINFILE@@"
_PLUGINFILE_LINK = re.compile(r'@@PLUGINFILE@@/([^"\'<>\s?#]+)')
#: The files of the set being written (questions_xml): every field that links one embeds it.
_FILES: ContextVar[Mapping[str, CarriedFile]] = ContextVar(
    "moodle_files", default=MappingProxyType({}))


def format_moodle(asset: Mapping[str, Any], *,
                  content: model.QuestionSet | model.Page | None = None) -> str:
    """``content`` is the asset's, already parsed (a push parses each asset once)."""
    content = load_content(asset) if content is None else content
    if isinstance(content, model.Page):
        return page_html(content.body, content.format)
    check_limits(str(asset.get("asset_name")), content)
    return quiz_xml(content)


def quiz_xml(question_set: model.QuestionSet) -> str:
    """The whole ``<quiz>`` document: a category named after the set, then every question."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{questions_xml(question_set)}</quiz>\n'


def questions_xml(question_set: model.QuestionSet,
                  files: Mapping[str, CarriedFile] | None = None) -> str:
    """The set's category and every question, without ``<quiz>``: what the ``moodle`` format
    and the moodle_xml package (one ``<quiz>`` of many sets) both write.

    ``files``: by name, the files the set's HTML links as ``@@PLUGINFILE@@/<name>``
    (formats/files.py ``FileCarrier`` with :func:`plugin_file_link`); each is embedded, base64,
    in every field that links it, as qformat_xml's ``import_text_with_files`` reads them.
    """
    token = _FILES.set(files or {})
    try:
        parts = list(_category(question_set))
        width = len(str(len(question_set.questions)))
        for number, question in enumerate(question_set.questions, start=1):
            parts += _question(question, f"Q{number:0{width}d}")
        return "".join(parts)
    finally:
        _FILES.reset(token)


def plugin_file_link(name: str) -> str:
    """How Moodle XML text links an embedded file (qformat_xml, ``@@PLUGINFILE@@``)."""
    return f"{PLUGINFILE}/{quote(name)}"


def category_path(title: str) -> tuple[str, str | None]:
    """The category path for a question set's title, as the Moodle XML and GIFT packages both
    write it, and a note when the name had to change (moodle_limits.category_name)."""
    name, note = category_name(title)
    return "$course$/top/" + _path_segment(name), note


def cdata(text: str) -> str:
    """``text`` inside CDATA; a ``]]>`` in it is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def plain(text: str) -> str:
    """Plain text for a ``<text>`` element: as is, or in CDATA when it holds a character that
    would need an escape.

    Moodle's parser (lib/xmlize.php, ``core_xml_parser::handle_characterdata``) drops every
    piece of text that is only whitespace, and after an escape such as ``&lt;`` the next space
    can arrive as a piece of its own: ``x &lt; π`` was saved as ``x <π``. CDATA arrives whole.
    """
    return cdata(text) if _ESCAPED.search(text) else text


def _category(question_set: model.QuestionSet) -> Iterator[str]:
    path, note = category_path(question_set.title)
    if note:
        yield f"  <!-- {note} -->\n"
    yield '  <question type="category">\n'
    yield f"    <category><text>{plain(path)}</text></category>\n"
    yield _html("info", question_set.instructions)
    yield "  </question>\n"


def _path_segment(name: str) -> str:
    """``name`` as qformat_default::assemble_category_path writes it (question/format.php):
    ``/`` doubled, and a space before a leading or after a trailing ``/``, which
    split_category_path (regex ``(?<!/)/(?!/)``) would otherwise not split, or split wrongly."""
    escaped = name.replace("/", "//")
    if escaped.startswith("/"):
        escaped = " " + escaped
    if escaped.endswith("/"):
        escaped += " "
    return escaped


def _question(question: model.Question, label: str) -> Iterator[str]:
    qtype, write_body = _WRITERS[type(question)]
    yield f'  <question type="{qtype}">\n'
    name = moodle_name(question_name(label, question.text))
    yield f"    <name><text>{plain(name)}</text></name>\n"
    yield _html("questiontext", question.text)
    yield _html("generalfeedback", question.feedback)
    yield f"    <defaultgrade>{model.number(question.points)}</defaultgrade>\n"
    yield "    <penalty>0.3333333</penalty>\n"
    yield "    <hidden>0</hidden>\n"
    yield from write_body(question)
    yield "  </question>\n"


def _html(tag: str, text: str | None, indent: str = "    ") -> str:
    """An HTML field: text_html's rule (HTML sanitized, plain text escaped), always in CDATA,
    with the files it links."""
    html = text_html(text or "")
    return (f'{indent}<{tag} format="html"><text>{cdata(html)}</text>{_files_of(html)}'
            f"</{tag}>\n")


def _files_of(html: str) -> str:
    """``<file>`` elements for the embedded files ``html`` links, each once."""
    if PLUGINFILE not in html:
        return ""
    files = _FILES.get()
    names = dict.fromkeys(unquote(name) for name in _PLUGINFILE_LINK.findall(html))
    return "".join(
        f'<file name="{escape(name, quote=True)}" path="/" encoding="base64">'
        f"{base64.b64encode(files[name].data).decode('ascii')}</file>"
        for name in names if name in files)


def _answer(fraction: float, text: str, feedback: str | None = None, *, html: bool = False,
            extra: str = "") -> str:
    """One ``<answer>``: an option as HTML; a short answer or number as plain text."""
    body = cdata(text_html(text)) if html else plain(text)
    answer_format = "html" if html else "moodle_auto_format"
    attached = _files_of(text_html(text)) if html else ""
    return (f'    <answer fraction="{percent(fraction)}" format="{answer_format}">\n'
            f"      <text>{body}</text>{attached}\n{extra}"
            f"{_html('feedback', feedback, '      ')}"
            f"    </answer>\n")


def _choices(question: model.MultipleChoice | model.MultipleAnswer, single: bool,
             fractions: list[float]) -> Iterator[str]:
    yield f"    <single>{'true' if single else 'false'}</single>\n"
    # Authored order is kept: options such as "All of the above" depend on it.
    yield "    <shuffleanswers>false</shuffleanswers>\n"
    yield "    <answernumbering>abc</answernumbering>\n"
    yield "    <showstandardinstruction>0</showstandardinstruction>\n"
    feedback = question.option_feedback or (None,) * len(question.options)
    for option, fraction, note in zip(question.options, fractions, feedback, strict=True):
        yield _answer(fraction, option, note, html=True)


def _multiple_choice(question: model.MultipleChoice) -> Iterator[str]:
    fractions = [100.0 if index == question.answer else 0.0
                 for index in range(len(question.options))]
    return _choices(question, True, fractions)


def _multiple_answer(question: model.MultipleAnswer) -> Iterator[str]:
    """Right options share 100 % (moodle_grades.shares); wrong ones share -100 %."""
    right = iter(shares(len(question.answers)))
    wrong_count = len(question.options) - len(question.answers)
    wrong = iter(penalties(wrong_count) if wrong_count else [])
    fractions = [next(right) if index in question.answers else next(wrong)
                 for index in range(len(question.options))]
    return _choices(question, False, fractions)


def _true_false(question: model.TrueFalse) -> Iterator[str]:
    yield _answer(100.0 if question.answer else 0.0, "true")
    yield _answer(0.0 if question.answer else 100.0, "false")


def _short_answer(question: model.ShortAnswer) -> Iterator[str]:
    yield f"    <usecase>{1 if question.case_sensitive else 0}</usecase>\n"
    for accepted in question.answers:
        # "*" is Moodle's wildcard in short answers; "\*" matches a literal star.
        yield _answer(100.0, accepted.replace("*", "\\*"))


def _numerical(question: model.Numerical) -> Iterator[str]:
    tolerance = f"      <tolerance>{model.number(question.tolerance)}</tolerance>\n"
    yield _answer(100.0, str(model.number(question.answer)), extra=tolerance)
    yield "    <units></units>\n"
    yield "    <unitgradingtype>0</unitgradingtype>\n"
    yield "    <showunits>3</showunits>\n"


def _essay(question: model.Essay) -> Iterator[str]:
    yield "    <responseformat>editor</responseformat>\n"
    yield "    <responserequired>1</responserequired>\n"
    yield "    <responsefieldlines>15</responsefieldlines>\n"
    yield "    <attachments>0</attachments>\n"
    yield "    <attachmentsrequired>0</attachmentsrequired>\n"
    yield _html("graderinfo", None)
    yield _html("responsetemplate", None)


def _matching(question: model.Matching) -> Iterator[str]:
    # Shuffled, or the right-hand column would list the answers in order.
    yield "    <shuffleanswers>true</shuffleanswers>\n"
    for pair in question.pairs:
        yield _subquestion(text_html(pair.prompt), pair.match)
    # A subquestion with no text is a distractor: qtype_match keeps its answer as a choice but
    # asks nothing with it (question/type/match/questiontype.php, initialise_question_instance).
    for distractor in question.distractors:
        yield _subquestion("", distractor)


def _subquestion(prompt_html: str, match: str) -> str:
    """A prompt (HTML) and its answer, which Moodle stores and shows as plain text."""
    prompt = cdata(prompt_html) if prompt_html else ""
    return ('    <subquestion format="html">\n'
            f"      <text>{prompt}</text>{_files_of(prompt_html)}\n"
            f"      <answer><text>{plain(plain_text(match))}</text></answer>\n"
            "    </subquestion>\n")


_WRITERS: dict[type[model.Question], tuple[str, Callable[[Any], Iterator[str]]]] = {
    model.MultipleChoice: ("multichoice", _multiple_choice),
    model.MultipleAnswer: ("multichoice", _multiple_answer),
    model.TrueFalse: ("truefalse", _true_false),
    model.ShortAnswer: ("shortanswer", _short_answer),
    model.Numerical: ("numerical", _numerical),
    model.Essay: ("essay", _essay),
    # "matching" is what Moodle's own exporter writes (qformat_xml::get_qtype); both import.
    model.Matching: ("matching", _matching),
}
#: The question types this format writes.
SUPPORTED = frozenset(_WRITERS)
