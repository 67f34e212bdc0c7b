"""The other spellings AI generators use for question sets, mapped onto the canonical model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Canonical question types, in the order the docs list them.
QUESTION_TYPES = (
    "multiple_choice",
    "multiple_answer",
    "true_false",
    "short_answer",
    "numerical",
    "essay",
    "matching",
)

#: Other names for each type. Names are compared after lower-casing and reading spaces and
#: hyphens as underscores, so "Multiple-Choice" and "multiple choice" are "multiple_choice".
TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "multiple_choice": ("mcq", "mc", "multiplechoice", "single_choice", "multichoice",
                        "multiple_choice_question"),
    "multiple_answer": ("ma", "multiple_answers", "multipleanswer", "multiple_select",
                        "multi_select", "checkbox", "mrq", "multiple_answers_question"),
    "true_false": ("truefalse", "tf", "true/false", "boolean", "true_false_question"),
    "short_answer": ("short", "shortanswer", "fill_in_the_blank", "fill_in_blank",
                     "short_answer_question"),
    "numerical": ("numeric", "number", "numerical_question"),
    "essay": ("long_answer", "open_ended", "essay_question"),
    "matching": ("match", "matching_question"),
}

_TYPE_LOOKUP = {
    alias: canonical
    for canonical, aliases in TYPE_ALIASES.items()
    for alias in (canonical, *aliases)
}

#: Other names for question fields, in priority order: the first one present wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "type": ("type", "question_type"),
    "text": ("text", "question", "prompt", "question_text"),
    "options": ("options", "choices"),
    "answer": ("answer", "correct_answer", "correct"),
    "answers": ("answers", "correct_answers"),
    "tolerance": ("tolerance", "margin", "error_margin"),
    "pairs": ("pairs", "matches"),
    "distractors": ("distractors", "incorrect_matches"),
    "points": ("points", "marks", "score"),
    "feedback": ("feedback", "explanation"),
    "case_sensitive": ("case_sensitive",),
}

#: Other names for the fields of an option given as an object.
OPTION_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "label"),
    "correct": ("correct", "is_correct"),
    "feedback": ("feedback", "explanation"),
}

#: Other names for the two sides of a matching pair given as an object.
PAIR_ALIASES: dict[str, tuple[str, ...]] = {
    "prompt": ("prompt", "left", "term", "question"),
    "match": ("match", "right", "definition", "answer"),
}

#: Other names for the fields of a question set.
SET_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name"),
    "instructions": ("instructions", "description"),
    "questions": ("questions", "items"),
    "settings": ("settings", "quiz_settings"),
}

#: Other names for the fields of a page.
PAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name"),
    "body": ("body", "content", "text", "html"),
    "format": ("format",),
}


def canonical_type(name: Any) -> str | None:
    """The canonical question type for ``name``, or None when it is not a known spelling."""
    if not isinstance(name, str):
        return None
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    return _TYPE_LOOKUP.get(key)


def rename(raw: Mapping[str, Any], aliases: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """Keep only the known fields of ``raw``, under their canonical names."""
    renamed = {}
    for canonical, names in aliases.items():
        for name in names:
            if name in raw:
                renamed[canonical] = raw[name]
                break
    return renamed


def normalise_question(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``raw`` with canonical field names and type; shapes that need a type are resolved here."""
    question = rename(raw, FIELD_ALIASES)
    kind = canonical_type(question.get("type"))
    if kind is not None:
        question["type"] = kind
    answers = question.get("answers")
    # "answers" listing every option (as strings for single choice, or as option objects
    # carrying "correct" flags) is how many generators spell the option list.
    if (kind in ("multiple_choice", "multiple_answer") and "options" not in question
            and isinstance(answers, list)
            and (kind == "multiple_choice" or _all_objects(answers))):
        question["options"] = question.pop("answers")
    if kind == "multiple_answer" and "answers" not in question and isinstance(
        question.get("answer"), list
    ):
        question["answers"] = question.pop("answer")
    if kind == "short_answer" and "answers" not in question and "answer" in question:
        single = question.pop("answer")
        question["answers"] = single if isinstance(single, list) else [single]
    if isinstance(question.get("pairs"), Mapping):
        question["pairs"] = [[prompt, match] for prompt, match in question["pairs"].items()]
    return question


def _all_objects(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, Mapping) for item in items)
