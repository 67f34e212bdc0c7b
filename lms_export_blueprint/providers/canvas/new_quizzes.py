"""New Quizzes (``/api/quiz/v1``): one item per question, shaped per interaction type.

Shapes from the Canvas developer docs "New Quiz Items" (appendix: question types, e.g.
``choice`` with ``interaction_data.choices`` and ``scoring_data.value`` naming a choice id);
a New Quiz is addressed by its assignment id, which is what ``lms_content_ids`` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...formats import model
from ...formats.html import plain_text, text_html
from ...transport import path_segment
from .quizzes import QuizPlan
from .settings import new_quiz_fields

Entry = dict[str, Any]

#: What a module item linking to a New Quiz is: the assignment it is (its id is the quiz's).
MODULE_ITEM_TYPE = "Assignment"


def plan(course_id: str, question_set: model.QuestionSet, publish: bool) -> QuizPlan:
    """Created unpublished ("Create a new quiz" has no published field), filled, then, when
    ``publish``, published as the assignment it is: the Assignments API's "Edit an assignment"
    with ``assignment[published]`` (lib/api/v1/assignment.rb sets workflow_state from it)."""
    course = path_segment(course_id)
    return QuizPlan(
        quizzes=f"/api/quiz/v1/courses/{course}/quizzes",
        title=question_set.title,
        create_body={"quiz": {"title": question_set.title,
                              "instructions": text_html(question_set.instructions or ""),
                              "points_possible": model.number(question_set.points),
                              **new_quiz_fields(question_set.settings)}},
        items_name="items",
        items=[item(question, position)
               for position, question in enumerate(question_set.questions, start=1)],
        finish={"assignment": {"published": True}} if publish else None,
        finish_in=f"/api/v1/courses/{course}/assignments",
    )


def item(question: model.Question, position: int) -> dict[str, Any]:
    """The create-item body (``item[entry_type]=Item`` and its ``entry``).

    From the public "New Quiz Items" docs: the entry's fields, each slug's
    ``interaction_data`` and ``scoring_data``, ``feedback.neutral``. From clients seen working
    against Canvas, not the docs: the blank's ``<span id="blank_…">`` in a fill-in item's
    ``item_body``, ``edit_data.matches`` as objects, per-choice ``answer_feedback``
    (docs/canvas.md says which is which)."""
    slug, algorithm, shape = WRITERS[type(question)]
    interaction_data, scoring_data = shape(question)
    body = text_html(question.text) or "&nbsp;"
    if isinstance(question, model.ShortAnswer):
        body = f'{body}<p><span id="blank_{BLANK_ID}"></span></p>'
    entry: Entry = {"title": f"Q{position}", "item_body": body,
                    "interaction_type_slug": slug, "interaction_data": interaction_data,
                    "scoring_data": scoring_data, "scoring_algorithm": algorithm}
    if question.feedback:
        entry["feedback"] = {"neutral": text_html(question.feedback)}
    option_feedback = getattr(question, "option_feedback", ())
    if any(option_feedback):
        entry["answer_feedback"] = {f"choice_{index}": text_html(text)
                                    for index, text in enumerate(option_feedback, start=1)
                                    if text}
    return {"item": {"entry_type": "Item", "position": position,
                     "points_possible": model.number(question.points), "entry": entry}}


def _choices(options: tuple[str, ...]) -> list[Entry]:
    return [{"id": f"choice_{index}", "position": index, "item_body": text_html(text)}
            for index, text in enumerate(options, start=1)]


def _choice(question: model.MultipleChoice) -> tuple[Entry, Entry]:
    return {"choices": _choices(question.options)}, {"value": f"choice_{question.answer + 1}"}


def _multi_answer(question: model.MultipleAnswer) -> tuple[Entry, Entry]:
    return ({"choices": _choices(question.options)},
            {"value": [f"choice_{index + 1}" for index in question.answers]})


def _true_false(question: model.TrueFalse) -> tuple[Entry, Entry]:
    return {"true_choice": "True", "false_choice": "False"}, {"value": question.answer}


def _numeric(question: model.Numerical) -> tuple[Entry, Entry]:
    """``marginOfError`` with an absolute margin; ``exactResponse`` when there is none."""
    answer = str(model.number(question.answer))
    if question.tolerance:
        rule = {"id": "1", "type": "marginOfError", "value": answer,
                "margin": str(model.number(question.tolerance)), "margin_type": "absolute"}
    else:
        rule = {"id": "1", "type": "exactResponse", "value": answer}
    return {}, {"value": [rule]}


#: The one blank of a short answer: its id, and ``blank_<id>`` the span that places it.
BLANK_ID = "1"


def _short_answer(question: model.ShortAnswer) -> tuple[Entry, Entry]:
    """A fill-in-the-blank with one open blank: any accepted answer (``TextInChoices``, which
    ignores case as classic short answers do)."""
    blank = {"id": BLANK_ID, "scoring_algorithm": "TextInChoices",
             "scoring_data": {"value": list(question.answers),
                              "blank_text": question.answers[0]}}
    return ({"blanks": [{"id": BLANK_ID, "answer_type": "openEntry"}]},
            {"value": [blank], "working_item_body": f"`{question.answers[0]}`"})


def _essay(question: model.Essay) -> tuple[Entry, Entry]:
    return {"rce": True, "essay": None, "word_count": False}, {"value": ""}


def _matching(question: model.Matching) -> tuple[Entry, Entry]:
    questions = [{"id": f"match_{index}", "item_body": plain_text(pair.prompt)}
                 for index, pair in enumerate(question.pairs, start=1)]
    matches = [plain_text(pair.match) for pair in question.pairs]
    distractors = [plain_text(text) for text in question.distractors]
    return ({"questions": questions, "answers": [*dict.fromkeys(matches), *distractors]},
            {"value": {entry["id"]: match for entry, match in zip(questions, matches,
                                                                  strict=True)},
             "edit_data": {"matches": [
                 {"question_id": entry["id"], "question_body": entry["item_body"],
                  "answer_body": match}
                 for entry, match in zip(questions, matches, strict=True)],
                 "distractors": distractors}})


#: Every question type of the model (docs/formats.md): its slug, scoring algorithm and shape.
WRITERS: dict[type[model.Question], tuple[str, str, Callable[[Any], tuple[Entry, Entry]]]] = {
    model.MultipleChoice: ("choice", "Equivalence", _choice),
    model.MultipleAnswer: ("multi-answer", "AllOrNothing", _multi_answer),
    model.TrueFalse: ("true-false", "Equivalence", _true_false),
    model.ShortAnswer: ("rich-fill-blank", "MultipleMethods", _short_answer),
    model.Numerical: ("numeric", "Numeric", _numeric),
    model.Essay: ("essay", "None", _essay),
    model.Matching: ("matching", "DeepEquals", _matching),
}
SUPPORTED: frozenset[type[model.Question]] = frozenset(WRITERS)
