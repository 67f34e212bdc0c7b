"""moodle: a Moodle XML ``<quiz>`` for question sets (as qformat_xml imports it); HTML for pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any
from xml.sax.saxutils import escape

from ..errors import InvalidAssetData
from . import model
from .content import load_content, question_name
from .moodle_grades import MAX_SHARES, penalties, percent, shares
from .pages import page_html


def format_moodle(asset: Mapping[str, Any]) -> str:
    content = load_content(asset)
    if isinstance(content, model.Page):
        return page_html(content.body)
    for index, question in enumerate(content.questions):
        if isinstance(question, model.MultipleAnswer) and len(question.answers) > MAX_SHARES:
            raise InvalidAssetData(
                str(asset.get("asset_name")), f"questions[{index}].answers",
                f"Moodle can split a grade between at most {MAX_SHARES} right answers, "
                f"not {len(question.answers)}")
    return quiz_xml(content)


def quiz_xml(question_set: model.QuestionSet) -> str:
    """The whole ``<quiz>`` document: a category named after the set, then every question."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    parts += _category(question_set)
    width = len(str(len(question_set.questions)))
    for number, question in enumerate(question_set.questions, start=1):
        parts += _question(question, f"Q{number:0{width}d}")
    parts.append("</quiz>\n")
    return "".join(parts)


def cdata(text: str) -> str:
    """``text`` inside CDATA; a ``]]>`` in it is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _category(question_set: model.QuestionSet) -> Iterator[str]:
    yield '  <question type="category">\n'
    # Moodle reads "/" as a category separator and "//" as a literal slash.
    path = "$course$/top/" + question_set.title.replace("/", "//")
    yield f"    <category><text>{escape(path)}</text></category>\n"
    yield f'    <info format="html"><text>{cdata(question_set.instructions or "")}</text></info>\n'
    yield "  </question>\n"


def _question(question: model.Question, label: str) -> Iterator[str]:
    qtype, write_body = _WRITERS[type(question)]
    yield f'  <question type="{qtype}">\n'
    yield f"    <name><text>{escape(question_name(label, question.text))}</text></name>\n"
    yield f'    <questiontext format="html"><text>{cdata(question.text)}</text></questiontext>\n'
    yield _html("generalfeedback", question.feedback)
    yield f"    <defaultgrade>{model.number(question.points)}</defaultgrade>\n"
    yield "    <penalty>0.3333333</penalty>\n"
    yield "    <hidden>0</hidden>\n"
    yield from write_body(question)
    yield "  </question>\n"


def _html(tag: str, text: str | None, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="html"><text>{cdata(text or "")}</text></{tag}>\n'


def _answer(fraction: float, text: str, feedback: str | None = None, *, html: bool = False,
            extra: str = "") -> str:
    """One ``<answer>``: HTML answers go in CDATA, plain ones (short answer, numbers) escaped."""
    body = cdata(text) if html else escape(text)
    answer_format = "html" if html else "moodle_auto_format"
    return (f'    <answer fraction="{percent(fraction)}" format="{answer_format}">\n'
            f"      <text>{body}</text>\n{extra}"
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
        yield '    <subquestion format="html">\n'
        yield f"      <text>{cdata(pair.prompt)}</text>\n"
        yield f"      <answer><text>{escape(pair.match)}</text></answer>\n"
        yield "    </subquestion>\n"


_WRITERS: dict[type[model.Question], tuple[str, Callable[[Any], Iterator[str]]]] = {
    model.MultipleChoice: ("multichoice", _multiple_choice),
    model.MultipleAnswer: ("multichoice", _multiple_answer),
    model.TrueFalse: ("truefalse", _true_false),
    model.ShortAnswer: ("shortanswer", _short_answer),
    model.Numerical: ("numerical", _numerical),
    model.Essay: ("essay", _essay),
    model.Matching: ("match", _matching),
}
