"""A question set as Forms items: the requests of one ``batchUpdate``, and what Forms loses.

Forms holds plain text (no HTML), whole points (Grading.pointValue is an integer "must not be
negative"), one right/wrong feedback pair on choice questions and general feedback on text
questions (Grading, forms.v1), and answer keys on choice and short-answer questions only
(https://developers.google.com/workspace/forms/api/guides/setup-grading). What does not fit is
a warning; what Forms would refuse is an ``InvalidAssetData`` (422) before any call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...errors import InvalidAssetData
from ...formats import model
from ...formats.html import looks_like_html, plain_text
from .points import whole_points

#: CourseWork.title: "between 1 and 3000 characters" (classroom.v1); the form shares it.
TITLE_MAX = 3000
TRUE_FALSE = ("True", "False")

_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass
class FormPlan:
    """The form's title and description, the batchUpdate's requests, its points, the
    warnings (text, question number or None)."""

    title: str
    description: str
    requests: list[dict[str, Any]]
    max_points: int
    warnings: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass
class _Item:
    """One Forms question item before its points are made whole."""

    number: int
    title: str
    question: dict[str, Any]
    points: float
    image: str | None = None


def plan_form(asset_name: str, question_set: model.QuestionSet, *,
              shuffle: bool = False) -> FormPlan:
    """The form for ``question_set``; raises InvalidAssetData for what Forms would refuse."""
    title = plain_text(question_set.title).strip() or asset_name
    if len(title) > TITLE_MAX:
        raise InvalidAssetData(asset_name, "title",
                               f"longer than Google Classroom's {TITLE_MAX} characters")
    plan = FormPlan(title, plain_text(question_set.instructions or ""), [], 0)
    items: list[_Item] = []
    for number, question in enumerate(question_set.questions, start=1):
        items.extend(_items(asset_name, number, question, plan, shuffle))
        if _holds_html(question):
            plan.warnings.append(("HTML shown as plain text (Google Forms shows no HTML)",
                                  number))
    points = whole_points([item.points for item in items])
    _warn_rounding(plan, question_set, items, points)
    plan.max_points = sum(points)
    plan.requests = [_settings()]
    if plan.description:
        plan.requests.append({"updateFormInfo": {"info": {"description": plan.description},
                                                 "updateMask": "description"}})
    for index, (item, value) in enumerate(zip(items, points, strict=True)):
        plan.requests.append(_create(item, value, index))
    return plan


def _warn_rounding(plan: FormPlan, question_set: model.QuestionSet, items: list[_Item],
                   points: list[int]) -> None:
    """Name each question whose points Forms holds otherwise, and a total that changed."""
    held: dict[int, int] = {}
    for item, value in zip(items, points, strict=True):
        held[item.number] = held.get(item.number, 0) + value
    for number, question in enumerate(question_set.questions, start=1):
        if held.get(number, 0) != question.points:
            plan.warnings.append((f"{model.number(question.points)} points held as "
                                  f"{held.get(number, 0)} (Google Forms takes whole points; "
                                  f"the quiz's total is kept)", number))
    if sum(points) != question_set.points:
        plan.warnings.append((f"{model.number(question_set.points)} points in all held as "
                              f"{sum(points)} (Google Forms takes whole points)", None))


def _holds_html(question: model.Question) -> bool:
    """True when any text of ``question`` is HTML (Forms will show its plain text)."""
    texts = [question.text, question.feedback or ""]
    texts += list(getattr(question, "options", ()))
    texts += [text for pair in getattr(question, "pairs", ()) for text in (pair.prompt,
                                                                            pair.match)]
    return any(looks_like_html(text) for text in texts)


def _settings() -> dict[str, Any]:
    """A quiz ("A quiz can only be created by using the batchUpdate() method to update the
    isQuiz setting"), collecting verified emails so the teacher sees who answered
    (FormSettings.emailCollectionType)."""
    return {"updateSettings": {
        "settings": {"quizSettings": {"isQuiz": True}, "emailCollectionType": "VERIFIED"},
        "updateMask": "quizSettings.isQuiz,emailCollectionType"}}


def _create(item: _Item, points: int, index: int) -> dict[str, Any]:
    question = dict(item.question)
    question["grading"] = {"pointValue": points, **question.get("grading", {})}
    shown: dict[str, Any] = {"title": item.title, "questionItem": {"question": question}}
    if item.image:
        shown["questionItem"]["image"] = {"sourceUri": item.image}
    return {"createItem": {"item": shown, "location": {"index": index}}}


def _items(asset: str, number: int, question: model.Question, plan: FormPlan,
           shuffle: bool) -> Iterator[_Item]:
    title = plain_text(question.text).strip()
    image = _image(question.text, number, plan)
    feedback = plain_text(question.feedback or "").strip()
    where = f"questions[{number - 1}]"
    if isinstance(question, (model.MultipleChoice, model.MultipleAnswer, model.TrueFalse)):
        if isinstance(question, model.TrueFalse):
            options, right = list(TRUE_FALSE), [TRUE_FALSE[0 if question.answer else 1]]
            kind = "RADIO"
        else:
            options = _options(asset, where, question.options)
            picked = ([question.answer] if isinstance(question, model.MultipleChoice)
                      else list(question.answers))
            right = [options[index] for index in picked]
            kind = "RADIO" if isinstance(question, model.MultipleChoice) else "CHECKBOX"
            if any(question.option_feedback):
                plan.warnings.append(("feedback per option dropped: Google Forms keeps one "
                                      "right and one wrong feedback per question", number))
        yield _Item(number, title, _choice(kind, options, right, feedback, shuffle),
                    question.points, image)
    elif isinstance(question, (model.ShortAnswer, model.Numerical)):
        if isinstance(question, model.Numerical):
            answers = spellings(question.answer)
            if question.tolerance:
                plan.warnings.append((f"tolerance ±{model.number(question.tolerance)} "
                                      f"dropped: Google Forms accepts only the exact number",
                                      number))
        else:
            answers = _answers(asset, where, question.answers)
        yield _Item(number, title, _text(answers, feedback), question.points, image)
    elif isinstance(question, model.Essay):
        grading = {"generalFeedback": {"text": feedback}} if feedback else {}
        yield _Item(number, title, {"textQuestion": {"paragraph": True}, "grading": grading},
                    question.points, image)
    elif isinstance(question, model.Matching):
        yield from _matching(asset, where, number, question, title, feedback, plan, shuffle)
    else:
        raise InvalidAssetData(asset, f"{where}.type",
                               f"question type '{question.type}' cannot be pushed to "
                               f"Google Forms")


def _matching(asset: str, where: str, number: int, question: model.Matching, title: str,
              feedback: str, plan: FormPlan, shuffle: bool) -> Iterator[_Item]:
    """One graded drop-down per prompt, sharing the choices: Forms grades no grid rows (the
    setup-grading guide keys only choice and short-answer questions)."""
    matches = _options(asset, f"{where}.pairs", [pair.match for pair in question.pairs]
                       + list(question.distractors), unique=False)
    choices = list(dict.fromkeys(matches))
    share = question.points / len(question.pairs)
    for index, pair in enumerate(question.pairs):
        prompt = plain_text(pair.prompt).strip()
        if not prompt:
            raise InvalidAssetData(asset, f"{where}.pairs[{index}].prompt",
                                   "empty once shown as plain text")
        yield _Item(number, f"{title} {prompt}".strip(),
                    _choice("DROP_DOWN", choices, [matches[index]], feedback, shuffle), share)
    plan.warnings.append((f"matching split into {len(question.pairs)} drop-down questions "
                          f"(Google Forms grades no grid rows)", number))


def _choice(kind: str, options: list[str], right: list[str], feedback: str,
            shuffle: bool) -> dict[str, Any]:
    """whenRight/whenWrong: "can only be set for multiple choice questions that have correct
    answers provided" (Grading); generalFeedback cannot be set on them."""
    grading: dict[str, Any] = {"correctAnswers": {"answers": [{"value": v} for v in right]}}
    if feedback:
        grading["whenRight"] = grading["whenWrong"] = {"text": feedback}
    choice: dict[str, Any] = {"type": kind, "options": [{"value": v} for v in options]}
    if shuffle:
        choice["shuffle"] = True
    return {"choiceQuestion": choice, "grading": grading}


def _text(answers: list[str], feedback: str) -> dict[str, Any]:
    """A short text question: a response "matches any value in this list" (CorrectAnswers)."""
    grading: dict[str, Any] = {"correctAnswers": {"answers": [{"value": v} for v in answers]}}
    if feedback:
        grading["generalFeedback"] = {"text": feedback}
    return {"textQuestion": {"paragraph": False}, "grading": grading}


def _options(asset: str, where: str, options: Any, *, unique: bool = True) -> list[str]:
    """Options as the plain text Forms shows: none empty (Option.value is "Required"), none
    twice (an answer names its option by value)."""
    shown = [plain_text(option).strip() for option in options]
    for index, value in enumerate(shown):
        if not value:
            raise InvalidAssetData(asset, f"{where}[{index}]", "empty once shown as plain text")
        if unique and value in shown[:index]:
            raise InvalidAssetData(asset, f"{where}[{index}]",
                                   f"'{value[:80]}' is there twice once shown as plain text: "
                                   f"Google Forms tells options apart by their text")
    return shown


def _answers(asset: str, where: str, answers: tuple[str, ...]) -> list[str]:
    shown = [plain_text(answer).strip() for answer in answers]
    for index, value in enumerate(shown):
        if not value:
            raise InvalidAssetData(asset, f"{where}.answers[{index}]",
                                   "empty once shown as plain text")
    return list(dict.fromkeys(shown))


def spellings(number: float) -> list[str]:
    """The usual ways to write ``number``: ``6`` and ``6.0``; ``0.5`` and ``.5``."""
    text = format(Decimal(repr(float(number))).normalize(), "f")
    written = [text]
    if "." not in text:
        written.append(f"{text}.0")
    elif text.lstrip("-").startswith("0."):
        written.append(text.replace("0.", ".", 1))
    return written


def _image(text: str, number: int, plan: FormPlan) -> str | None:
    """The question's first image with a public URL (Forms fetches ``sourceUri`` itself);
    any other image is named in a warning."""
    sources = _IMAGE.findall(text)
    public = [src for src in sources if src.startswith(("https://", "http://"))]
    if len(sources) > (1 if public else 0):
        plan.warnings.append(("image dropped: Google Forms shows one image per question, "
                              "and only from a public URL", number))
    return public[0] if public else None
