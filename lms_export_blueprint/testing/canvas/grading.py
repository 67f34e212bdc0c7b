"""``grade()``: would an answer get full marks from Canvas? Classic questions and New Quizzes.

Answers may name a choice by its id or by its text, so a test can say "the student picks
Paris" without knowing the ids Canvas gave out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

Grader = Callable[[Mapping[str, Any], Any], "bool | None"]


def grade(question: Mapping[str, Any], answer: Any) -> bool | None:
    """True when ``answer`` earns full marks, False when it does not, None when a person grades.

    ``question`` is a classic question (``question_type``) or a New Quizzes item or its entry
    (``interaction_type_slug``), as the double stores and returns it.
    """
    entry = question.get("entry", question)
    if "interaction_type_slug" in entry:
        slug = entry["interaction_type_slug"]
        grader = _NEW_QUIZ_GRADERS.get(slug)
        if grader is None:
            raise ValueError(f"grade() does not know New Quizzes type {slug!r}")
        return grader(entry, answer)
    kind = question.get("question_type")
    classic = _CLASSIC_GRADERS.get(str(kind))
    if classic is None:
        raise ValueError(f"grade() does not know classic question type {kind!r}")
    return classic(question, answer)


# --- classic quizzes (app/models/quizzes/quiz_question/*_question.rb) ----------------------------

def _multiple_choice(question: Mapping[str, Any], answer: Any) -> bool:
    """multiple_choice_question.rb (and true/false): the picked answer's weight is 100."""
    picked = _classic_answer(question, answer)
    return picked is not None and _weight(picked) == 100


def _multiple_answers(question: Mapping[str, Any], answer: Any) -> bool:
    """multiple_answers_question.rb: every correct answer picked and no incorrect one."""
    picked = {id(_classic_answer(question, one)) for one in _as_list(answer)}
    correct = {id(a) for a in question["answers"] if _weight(a) == 100}
    return bool(correct) and picked == correct


def _short_answer(question: Mapping[str, Any], answer: Any) -> bool:
    """short_answer_question.rb: trimmed, lower-cased, escaped text equals a non-blank answer."""
    given = html.escape(str(answer), quote=True).strip().lower()
    return any(valid and html.escape(valid, quote=True) == given
               for valid in (str(a.get("text") or "").strip().lower()
                             for a in question["answers"]))


def _numerical(question: Mapping[str, Any], answer: Any) -> bool:
    """numerical_question.rb: exact +/- margin (inclusive, "%" of exact), range, or precision."""
    number = _decimal(answer)
    if number is None:
        return False
    return any(_numerical_match(candidate, number) for candidate in question["answers"])


def _numerical_match(candidate: Mapping[str, Any], number: Decimal) -> bool:
    kind = candidate.get("numerical_answer_type")
    if kind == "exact_answer":
        exact = _decimal(candidate.get("exact")) or Decimal(0)
        margin_text = str(candidate.get("margin") or 0).strip()
        if margin_text.endswith("%"):
            margin = abs((_decimal(margin_text[:-1]) or Decimal(0)) / 100 * exact)
        else:
            margin = _decimal(margin_text) or Decimal(0)
        return exact - margin <= number <= exact + margin
    if kind == "precision_answer":
        digits = int(candidate.get("precision") or 0)
        approximate = _decimal(candidate.get("approximate")) or Decimal(0)
        return _significant(number, digits) == _significant(approximate, digits)
    low, high = sorted([_decimal(candidate.get("start")) or Decimal(0),
                        _decimal(candidate.get("end")) or Decimal(0)])
    return low <= number <= high


def _matching(question: Mapping[str, Any], answer: Any) -> bool:
    """matching_question.rb: each left side's chosen match is its own (or one with the same right
    text); a distractor never is. ``answer`` maps left (answer id or text) to right (match_id
    or text)."""
    chosen = {id(_classic_answer(question, left)): right for left, right in dict(answer).items()}
    for left in question["answers"]:
        right = chosen.get(id(left))
        if right is None:
            return False
        match = _match_by_id_or_text(question, right)
        if match is None or (match["match_id"] != left["match_id"]
                             and match.get("text") != left.get("right")):
            return False
    return True


def _ungraded(question: Mapping[str, Any], answer: Any) -> None:
    """essay_question.rb and file uploads are graded by a person."""
    return None


_CLASSIC_GRADERS: dict[str, Grader] = {
    "multiple_choice_question": _multiple_choice,
    "true_false_question": _multiple_choice,
    "missing_word_question": _multiple_choice,
    "multiple_answers_question": _multiple_answers,
    "short_answer_question": _short_answer,
    "numerical_question": _numerical,
    "matching_question": _matching,
    "essay_question": _ungraded,
    "file_upload_question": _ungraded,
    "text_only_question": _ungraded,
}


def _classic_answer(question: Mapping[str, Any], named: Any) -> Mapping[str, Any] | None:
    for candidate in question["answers"]:
        if str(candidate.get("id")) == str(named):
            return candidate
    for candidate in question["answers"]:
        if _plain(named) in {_plain(candidate.get("text")), _plain(candidate.get("html"))}:
            return candidate
    return None


def _match_by_id_or_text(question: Mapping[str, Any], named: Any) -> Mapping[str, Any] | None:
    matches = question.get("matches") or []
    found = [m for m in matches if str(m.get("match_id")) == str(named)]
    found = found or [m for m in matches if _plain(m.get("text")) == _plain(named)]
    return found[0] if found else None


# --- New Quizzes (developer docs "New Quiz Items", appendix: question types) --------------------

def _nq_choice(entry: Mapping[str, Any], answer: Any) -> bool:
    """choice: the picked choice is scoring_data.value (VaryPointsByAnswer: the most points)."""
    picked = _choice_id(entry["interaction_data"]["choices"], answer)
    scoring = entry["scoring_data"]
    if entry.get("scoring_algorithm") == "VaryPointsByAnswer" and scoring.get("values"):
        best = max(float(v["points"]) for v in scoring["values"])
        return any(v["value"] == picked and float(v["points"]) == best
                   for v in scoring["values"])
    return picked is not None and picked == scoring["value"]


def _nq_multi_answer(entry: Mapping[str, Any], answer: Any) -> bool:
    """multi-answer: the picked set is exactly scoring_data.value (full marks either algorithm)."""
    choices = entry["interaction_data"]["choices"]
    return {_choice_id(choices, one) for one in _as_list(answer)} == set(
        entry["scoring_data"]["value"])


def _nq_true_false(entry: Mapping[str, Any], answer: Any) -> bool:
    return _truthy(answer) is _truthy(entry["scoring_data"]["value"])


def _nq_numeric(entry: Mapping[str, Any], answer: Any) -> bool:
    """numeric: any of exactResponse, marginOfError, withinARange, preciseResponse matches."""
    number = _decimal(answer)
    return number is not None and any(
        _nq_numeric_match(rule, number) for rule in entry["scoring_data"]["value"])


def _nq_numeric_match(rule: Mapping[str, Any], number: Decimal) -> bool:
    kind = rule.get("type")
    if kind == "withinARange":
        low, high = sorted([_decimal(rule["start"]) or Decimal(0),
                            _decimal(rule["end"]) or Decimal(0)])
        return low <= number <= high
    value = _decimal(rule.get("value")) or Decimal(0)
    if kind == "marginOfError":
        margin = _decimal(rule.get("margin")) or Decimal(0)
        if rule.get("margin_type") == "percent":
            margin = abs(value * margin / 100)
        return value - margin <= number <= value + margin
    if kind == "preciseResponse":
        places = int(rule.get("precision") or 0)
        if rule.get("precision_type") == "significantDigits":
            return _significant(number, places) == _significant(value, places)
        step = Decimal(1).scaleb(-places)
        return number.quantize(step, ROUND_HALF_UP) == value.quantize(step, ROUND_HALF_UP)
    return number == value  # exactResponse


def _nq_matching(entry: Mapping[str, Any], answer: Any) -> bool:
    """matching: every question id (or its text) maps to its answer in scoring_data.value."""
    questions = entry["interaction_data"]["questions"]
    by_text = {_plain(q.get("item_body")): str(q["id"]) for q in questions}
    given = {by_text.get(_plain(k), str(k)): _plain(v) for k, v in dict(answer).items()}
    expected = {str(k): _plain(v) for k, v in entry["scoring_data"]["value"].items()}
    return given == expected


def _nq_ordering(entry: Mapping[str, Any], answer: Any) -> bool:
    choices = list(entry["interaction_data"]["choices"].values())
    return [_choice_id(choices, one) for one in answer] == list(entry["scoring_data"]["value"])


def _nq_categorization(entry: Mapping[str, Any], answer: Any) -> bool:
    """categorization: each category holds exactly its answers (AllOrNothing per category)."""
    data = entry["interaction_data"]
    categories = list(data["categories"].values())
    distractors = list(data["distractors"].values())
    given = {_choice_id(categories, k): {_choice_id(distractors, one) for one in v}
             for k, v in dict(answer).items()}
    return all(given.get(rule["id"], set()) == set(rule["scoring_data"]["value"])
               for rule in entry["scoring_data"]["value"])


def _nq_fill_blank(entry: Mapping[str, Any], answer: Any) -> bool:
    """rich-fill-blank: each blank (by id) passes its own scoring_algorithm."""
    given = dict(answer)
    return all(_blank_passes(rule, given.get(rule["id"]))
               for rule in entry["scoring_data"]["value"])


def _blank_passes(rule: Mapping[str, Any], response: Any) -> bool:
    if response is None:
        return False
    algorithm, data = rule.get("scoring_algorithm"), rule["scoring_data"]
    text, expected = str(response).strip(), data.get("value")
    if data.get("ignore_case") or algorithm in {"TextContainsAnswer", "TextInChoices"}:
        text = text.lower()
        expected = ([str(e).lower() for e in expected] if isinstance(expected, list)
                    else str(expected).lower())
    if algorithm == "TextCloseEnough":
        return _edit_distance(text, str(expected)) <= int(data.get("edit_distance") or 0)
    if algorithm == "TextContainsAnswer":
        return str(expected) in text
    if algorithm == "TextInChoices":
        return text in expected
    if algorithm == "TextRegex":
        return re.fullmatch(str(expected), text) is not None
    if algorithm == "TextEquivalence" and data.get("choice_id") == text:
        return True
    return text == str(expected)


_NEW_QUIZ_GRADERS: dict[str, Grader] = {
    "choice": _nq_choice,
    "multi-answer": _nq_multi_answer,
    "true-false": _nq_true_false,
    "numeric": _nq_numeric,
    "matching": _nq_matching,
    "ordering": _nq_ordering,
    "categorization": _nq_categorization,
    "rich-fill-blank": _nq_fill_blank,
    "essay": _ungraded,
    "file-upload": _ungraded,
}


def _choice_id(choices: Iterable[Mapping[str, Any]], named: Any) -> Any:
    choices = list(choices)
    for choice in choices:
        if str(choice.get("id")) == str(named):
            return choice["id"]
    for choice in choices:
        body = choice.get("item_body", choice.get("itemBody"))
        if _plain(body) == _plain(named):
            return choice["id"]
    return None


# --- small helpers ---------------------------------------------------------------------------

def _plain(text: Any) -> str:
    """Text without tags, entities decoded, trimmed: how a test names a choice."""
    return html.unescape(re.sub(r"<[^>]*>", "", str(text if text is not None else ""))).strip()


def _weight(answer: Mapping[str, Any]) -> int:
    try:
        return int(float(answer.get("weight") or 0))
    except (TypeError, ValueError):
        return 0


def _decimal(value: Any) -> Decimal | None:
    """BigDecimal, as numerical_question.rb uses, so margins are exact at their edges."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _significant(number: Decimal, digits: int) -> Decimal:
    if number == 0 or digits <= 0:
        return number
    exponent = number.adjusted() - digits + 1
    return number.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _as_list(answer: Any) -> list[Any]:
    return list(answer) if isinstance(answer, list | tuple | set | frozenset) else [answer]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                                previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
