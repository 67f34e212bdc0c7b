"""QTI 1.2 items, in the two dialects a package needs.

``canvas``: as Canvas's own QTI export writes them (canvas-lms lib/cc/qti/qti_items.rb):
``question_type``/``points_possible`` item metadata, ``respcondition``/``setvar`` scoring, every
question type. ``cc``: the IMS CC 1.1 QTI profile (``cc_profile``, ``cc_weighting``) for the five
types it has, as Moodle's CC import reads them (backup/cc/entity11.quiz.class.php).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..formats import model
from ..formats.content import question_name
from ..formats.html import plain_text, text_html
from . import xml

CANVAS_TYPES: dict[type[model.Question], str] = {
    model.MultipleChoice: "multiple_choice_question",
    model.MultipleAnswer: "multiple_answers_question",
    model.TrueFalse: "true_false_question",
    model.ShortAnswer: "short_answer_question",
    model.Numerical: "numerical_question",
    model.Essay: "essay_question",
    model.Matching: "matching_question",
}
CC_PROFILES: dict[type[model.Question], str] = {
    model.MultipleChoice: "cc.multiple_choice.v0p1",
    model.MultipleAnswer: "cc.multiple_response.v0p1",
    model.TrueFalse: "cc.true_false.v0p1",
    model.ShortAnswer: "cc.fib.v0p1",
    model.Essay: "cc.essay.v0p1",
}
QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_SCORE = ('<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" '
          'vartype="Decimal"/></outcomes>\n')


def assessment_xml(question_set: model.QuestionSet, ident: str, *, cc: bool) -> str:
    """A ``<questestinterop>`` with one assessment and one section holding every question."""
    schema = ("http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd" if cc
              else "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd")
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             f'<questestinterop xmlns="{QTI_NAMESPACE}" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'xsi:schemaLocation="{QTI_NAMESPACE} {schema}">\n',
             f'<assessment ident="{ident}" title="{xml.attribute(question_set.title)}">\n',
             "<qtimetadata>\n"]
    if cc:
        parts += [_field("cc_profile", "cc.exam.v0p1"),
                  _field("qmd_assessmenttype", "Examination"),
                  _field("qmd_scoretype", "Percentage")]
    attempts = cc_max_attempts(question_set.settings)
    if attempts is not None:
        parts.append(_field("cc_maxattempts", attempts))
    if question_set.settings.time_limit_minutes is not None:
        # Minutes, as Moodle's CC export writes it (backup/cc/cc_lib/cc_converter_quiz.php).
        parts.append(_field("qmd_timelimit", str(question_set.settings.time_limit_minutes)))
    parts.append("</qtimetadata>\n")
    if cc and question_set.instructions:
        # Where Moodle's own CC exporter writes a quiz's intro (backup/cc/cc_lib/
        # cc_asssesment.php ``add_assesment_description``): a rubric after the metadata.
        parts.append(f'<rubric><material label="Summary">{_mattext(question_set.instructions)}'
                     "</material></rubric>\n")
    parts.append(f'<section ident="{ident}_section">\n')
    width = len(str(len(question_set.questions)))
    for number, question in enumerate(question_set.questions, start=1):
        label = f"Q{number:0{width}d}"
        parts.append(_item_xml(question, f"{ident}_{label}", question_name(label, question.text),
                              cc=cc))
    parts.append("</section>\n</assessment>\n</questestinterop>\n")
    return "".join(parts)


def _item_xml(question: model.Question, ident: str, title: str, *, cc: bool) -> str:
    """One ``<item>``: metadata, presentation, scoring and feedback."""
    presentation, scoring = _WRITERS[type(question)]
    general = _general_feedback(question)
    return "".join((
        f'<item ident="{ident}" title="{xml.attribute(title)}">\n',
        "<itemmetadata><qtimetadata>\n", *_metadata(question, cc=cc),
        "</qtimetadata></itemmetadata>\n",
        "<presentation>\n", _material(question.text), *presentation(question),
        "</presentation>\n",
        "<resprocessing>\n", _SCORE, general[0], *_option_feedback_conditions(question),
        *scoring(question), "</resprocessing>\n",
        general[1], *_option_feedback(question),
        "</item>\n",
    ))


#: The most attempts ``cc_maxattempts`` can say; more is ``unlimited`` (the CC 1.1 QTI profile's
#: Schematron, and Moodle's CC export: backup/cc/cc_lib/cc_converter_quiz.php).
CC_MAX_ATTEMPTS = 5


def cc_max_attempts(settings: model.QuizSettings) -> str | None:
    """``cc_maxattempts`` for the settings: 1 to 5 or ``unlimited``; None leaves it out, so the
    importing LMS uses its own default."""
    attempts = settings.allowed_attempts
    if attempts is None:
        return None
    if attempts == model.UNLIMITED_ATTEMPTS or attempts > CC_MAX_ATTEMPTS:
        return "unlimited"
    return str(attempts)


def cc_weighting(points: float) -> int | None:
    """The mark as the CC profile writes it: a whole number from 1 to 99, else none.

    Rule 2c of the profile (ccv1p1_qtiasiv1p2p1_v1p0.xsd); Moodle reads it the same way
    (entity11.quiz.class.php ``get_defaultgrade``) and takes 1 without it.
    """
    return int(points) if float(points).is_integer() and 1 <= points <= 99 else None


def _metadata(question: model.Question, *, cc: bool) -> Iterator[str]:
    if cc:
        yield _field("cc_profile", CC_PROFILES[type(question)])
        weighting = cc_weighting(question.points)
        if weighting is not None:
            yield _field("cc_weighting", str(weighting))
        if isinstance(question, model.Essay):
            yield _field("qmd_computerscored", "No")
    else:
        yield _field("question_type", CANVAS_TYPES[type(question)])
        yield _field("points_possible", str(model.number(question.points)))


def _field(label: str, entry: str) -> str:
    return (f"<qtimetadatafield><fieldlabel>{label}</fieldlabel>"
            f"<fieldentry>{xml.text(entry)}</fieldentry></qtimetadatafield>\n")


def _material(text: str) -> str:
    return f"<material>{_mattext(text)}</material>\n"


def _mattext(text: str) -> str:
    return f'<mattext texttype="text/html">{xml.text(text_html(text))}</mattext>'


def _plain_material(text: str) -> str:
    """Plain text: the text a reader sees of an HTML one (a matching answer), as the Moodle
    XML writer and the Canvas push give it; ``<b>water</b>`` would show its tags."""
    return (f'<material><mattext texttype="text/plain">{xml.text(plain_text(text))}</mattext>'
            "</material>\n")


def _choice_labels(labels: list[tuple[str, str]], cardinality: str) -> Iterator[str]:
    yield f'<response_lid ident="response1" rcardinality="{cardinality}">\n<render_choice>\n'
    for ident, label in labels:
        yield f'<response_label ident="{ident}">{_material(label)}</response_label>\n'
    yield "</render_choice>\n</response_lid>\n"


def _option_ids(question: model.MultipleChoice | model.MultipleAnswer) -> list[str]:
    # Numeric, as Canvas's answer ids are: its importer reads ids by their digits.
    return [str(index + 1) for index in range(len(question.options))]


def _choices(question: model.MultipleChoice | model.MultipleAnswer) -> Iterator[str]:
    cardinality = "Multiple" if isinstance(question, model.MultipleAnswer) else "Single"
    return _choice_labels(list(zip(_option_ids(question), question.options, strict=True)),
                          cardinality)


def _true_false_choices(_: model.TrueFalse) -> Iterator[str]:
    # Moodle's CC import knows the two answers only by these idents and refuses any other
    # (entity11.quiz.class.php, ..._question_true_false).
    return _choice_labels([("true", "True"), ("false", "False")], "Single")


def _text_entry(_: model.Question) -> Iterator[str]:
    yield ('<response_str ident="response1" rcardinality="Single"><render_fib>'
           '<response_label ident="answer1" rshuffle="No"/></render_fib></response_str>\n')


def _number_entry(_: model.Numerical) -> Iterator[str]:
    yield ('<response_str ident="response1" rcardinality="Single"><render_fib fibtype="Decimal">'
           '<response_label ident="answer1"/></render_fib></response_str>\n')


def _matching_lids(question: model.Matching) -> Iterator[str]:
    matches = _match_choices(question)
    for number, pair in enumerate(question.pairs, start=1):
        yield f'<response_lid ident="response_{number}">\n{_material(pair.prompt)}<render_choice>\n'
        for ident, match in matches.items():
            yield f'<response_label ident="{ident}">{_plain_material(match)}</response_label>\n'
        yield "</render_choice>\n</response_lid>\n"


def _match_choices(question: model.Matching) -> dict[str, str]:
    """The right-hand column, each text once, distractors last; by numeric ident."""
    texts = list(dict.fromkeys([pair.match for pair in question.pairs]
                               + list(question.distractors)))
    return {str(1000 + index): match for index, match in enumerate(texts)}


def _right(conditions: str) -> str:
    return (f'<respcondition continue="No"><conditionvar>{conditions}</conditionvar>'
            '<setvar action="Set" varname="SCORE">100</setvar></respcondition>\n')


def _multiple_choice_scoring(question: model.MultipleChoice) -> Iterator[str]:
    yield _right(f'<varequal respident="response1">{question.answer + 1}</varequal>')


def _true_false_scoring(question: model.TrueFalse) -> Iterator[str]:
    yield _right(f'<varequal respident="response1">{str(question.answer).lower()}</varequal>')


def _multiple_answer_scoring(question: model.MultipleAnswer) -> Iterator[str]:
    tests = []
    for index, ident in enumerate(_option_ids(question)):
        # Moodle's CC import counts as right only the case="Yes" tests outside a <not>
        # (entity11.quiz.class.php get_answers); case means nothing to an ident otherwise.
        test = f'<varequal respident="response1" case="Yes">{ident}</varequal>'
        tests.append(test if index in question.answers else f"<not>{test}</not>")
    yield _right(f"<and>{''.join(tests)}</and>")


def _short_answer_scoring(question: model.ShortAnswer) -> Iterator[str]:
    case = "Yes" if question.case_sensitive else "No"
    yield _right("".join(f'<varequal respident="response1" case="{case}">{xml.text(answer)}'
                         "</varequal>" for answer in question.answers))


def _numerical_scoring(question: model.Numerical) -> Iterator[str]:
    """Exact or within the tolerance, in the ``<or>`` Canvas's importer reads an exact answer
    and its margin from (qti_exporter numeric_interaction.rb), even with no tolerance."""
    exact = f'<varequal respident="response1">{model.decimal(question.answer)}</varequal>'
    low = model.decimal(question.answer - question.tolerance)
    high = model.decimal(question.answer + question.tolerance)
    yield _right(f'<or>{exact}<and><vargte respident="response1">{low}</vargte>'
                 f'<varlte respident="response1">{high}</varlte></and></or>')


def _essay_scoring(_: model.Essay) -> Iterator[str]:
    yield '<respcondition continue="No"><conditionvar><other/></conditionvar></respcondition>\n'


def _matching_scoring(question: model.Matching) -> Iterator[str]:
    ident_of = {match: ident for ident, match in _match_choices(question).items()}
    share = f"{100 / len(question.pairs):.2f}"
    for number, pair in enumerate(question.pairs, start=1):
        yield (f'<respcondition><conditionvar><varequal respident="response_{number}">'
               f"{ident_of[pair.match]}</varequal></conditionvar>"
               f'<setvar varname="SCORE" action="Add">{share}</setvar></respcondition>\n')


def _general_feedback(question: model.Question) -> tuple[str, str]:
    """The condition that shows the question's feedback, and the feedback itself."""
    if not question.feedback:
        return "", ""
    # continue="Yes" is what Moodle's CC import reads as general feedback.
    return ('<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
            '<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>\n',
            _feedback("general_fb", question.feedback))


def _option_feedback_conditions(question: model.Question) -> Iterator[str]:
    for ident, _note in _notes(question):
        yield (f'<respcondition continue="Yes"><conditionvar><varequal respident="response1">'
               f'{ident}</varequal></conditionvar><displayfeedback feedbacktype="Response" '
               f'linkrefid="{ident}_fb"/></respcondition>\n')


def _option_feedback(question: model.Question) -> Iterator[str]:
    for ident, note in _notes(question):
        yield _feedback(f"{ident}_fb", note)


def _notes(question: model.Question) -> list[tuple[str, str]]:
    if not isinstance(question, (model.MultipleChoice, model.MultipleAnswer)):
        return []
    return [(ident, note) for ident, note in zip(_option_ids(question),
                                                  question.option_feedback, strict=False)
            if note]


def _feedback(ident: str, text: str) -> str:
    return f'<itemfeedback ident="{ident}"><flow_mat>{_material(text)}</flow_mat></itemfeedback>\n'


_Writer = Callable[[Any], Iterator[str]]
_WRITERS: dict[type[model.Question], tuple[_Writer, _Writer]] = {
    model.MultipleChoice: (_choices, _multiple_choice_scoring),
    model.MultipleAnswer: (_choices, _multiple_answer_scoring),
    model.TrueFalse: (_true_false_choices, _true_false_scoring),
    model.ShortAnswer: (_text_entry, _short_answer_scoring),
    model.Numerical: (_number_entry, _numerical_scoring),
    model.Essay: (_text_entry, _essay_scoring),
    model.Matching: (_matching_lids, _matching_scoring),
}
#: The question types written as QTI items (in a cartridge, cc_profile.py first converts those
#: the CC profile lacks).
SUPPORTED = frozenset(_WRITERS).intersection(CANVAS_TYPES)
