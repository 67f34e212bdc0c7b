"""``grade()``: a response scored as a Forms quiz's answer key scores it.

CorrectAnswers (forms.v1): "For single-valued questions, a response is marked correct if it
matches any value in this list ... For multiple-valued (CHECKBOX) questions, a response is
marked correct if it contains exactly the values in this list." A correct answer earns the
question's ``pointValue``; anything else, and any question without an answer key (a
paragraph the teacher grades), earns 0 until a teacher grades it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: An answer: one string (radio, drop-down, text), or several (checkbox).
Answer = str | Sequence[str]


def questions(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``{"questionId", "title", "question"}`` of each question item, in form order."""
    found = []
    for item in form.get("items", []):
        question = (item.get("questionItem") or {}).get("question")
        if question is not None:
            found.append({"questionId": question["questionId"], "title": item.get("title", ""),
                          "question": question})
    return found


def grade(form: Mapping[str, Any], answers: Mapping[str, Answer]) -> int:
    """Points a response with ``answers`` (by questionId or by the item's title) earns."""
    total = 0
    for entry in questions(form):
        given = answers.get(entry["questionId"], answers.get(entry["title"]))
        if given is not None and is_correct(entry["question"], given):
            total += int(entry["question"]["grading"].get("pointValue", 0))
    return total


def is_correct(question: Mapping[str, Any], given: Answer) -> bool:
    """True when the answer key marks ``given`` right (False without a key)."""
    key = [answer["value"] for answer in
           ((question.get("grading") or {}).get("correctAnswers") or {}).get("answers", [])]
    if not key:
        return False
    choice = question.get("choiceQuestion")
    if choice is not None and choice.get("type") == "CHECKBOX":
        chosen = [given] if isinstance(given, str) else list(given)
        return sorted(chosen) == sorted(key)
    return isinstance(given, str) and given in key
