"""Question types CC 1.1 has no QTI profile for, turned into ones it has.

Canvas's own cartridge export leaves numerical and matching questions out of the CC QTI
(lib/cc/qti/qti_items.rb ``add_cc_question``) and keeps them only in ``non_cc_assessments/``,
which Canvas alone reads, and only from a cartridge that carries its ``canvas_export.txt``
marker; Canvas's standard import reads the ``imsqti`` resource itself
(lib/cc/importer/standard/quiz_converter.rb), and Moodle's imports only items whose
``cc_profile`` it knows (backup/cc/entity11.quiz.class.php). So both are converted here, and
every LMS imports them: a numerical question becomes fill-in-the-blank accepting the number,
a matching question one multiple choice per prompt.
"""

from __future__ import annotations

from msgspec.structs import replace

from ..formats import model
from ..formats.html import text_html
from .qti_items import cc_weighting
from .warnings import Warnings

NUMERICAL_CONVERTED = ("numerical questions became fill-in-the-blank (cc.fib) accepting the "
                       "exact number")
TOLERANCE_DROPPED = "numerical tolerance dropped in imscc (only the exact number is accepted)"
MATCHING_CONVERTED = ("matching questions became one multiple choice (cc.multiple_choice) per "
                      "prompt, each worth the question's points divided by the prompts when "
                      "that is a whole number from 1 to 99, else 1 point (what Moodle and "
                      "Canvas give an item without cc_weighting)")
POINTS_DROPPED = ("points that are not a whole number from 1 to 99 left out in imscc "
                  "(the CC profile cannot say them; the LMS gives such a question 1 point)")
#: Said in the cartridge's own metadata, for whoever opens it later.
STATEMENT = (f"Made by lms-export-blueprint. IMS CC 1.1 has no numerical or matching profile: "
             f"{NUMERICAL_CONVERTED}; {MATCHING_CONVERTED}.")


def cc_question_set(question_set: model.QuestionSet, asset_name: str,
                    warnings: Warnings) -> model.QuestionSet:
    """``question_set`` with every question in a type the CC QTI profile has."""
    questions = _in_cc_types(question_set, asset_name, warnings)
    if any(cc_weighting(question.points) is None for question in questions):
        warnings.add(POINTS_DROPPED, asset=asset_name)
    return replace(question_set, questions=tuple(questions))


def _in_cc_types(question_set: model.QuestionSet, asset_name: str,
                 warnings: Warnings) -> list[model.Question]:
    questions: list[model.Question] = []
    for question in question_set.questions:
        if isinstance(question, model.Numerical):
            questions.append(_fill_in_the_number(question))
            warnings.add(NUMERICAL_CONVERTED, asset=asset_name)
            if question.tolerance:
                warnings.add(TOLERANCE_DROPPED, asset=asset_name)
        elif isinstance(question, model.Matching):
            questions.extend(_choice_per_prompt(question))
            warnings.add(MATCHING_CONVERTED, asset=asset_name)
        else:
            questions.append(question)
    return questions


def _fill_in_the_number(question: model.Numerical) -> model.ShortAnswer:
    return model.ShortAnswer(text=question.text, points=question.points,
                             feedback=question.feedback,
                             answers=(model.decimal(question.answer),))


def _choice_per_prompt(question: model.Matching) -> list[model.MultipleChoice]:
    options = tuple(dict.fromkeys([pair.match for pair in question.pairs]
                                  + list(question.distractors)))
    points = question.points / len(question.pairs)
    return [model.MultipleChoice(text=f"{text_html(question.text)}<br>\n{text_html(pair.prompt)}",
                                 points=points, feedback=question.feedback, options=options,
                                 answer=options.index(pair.match))
            for pair in question.pairs]
