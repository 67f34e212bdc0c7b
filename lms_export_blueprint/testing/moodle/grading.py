"""Marks as Moodle's question types give them to one attempt's answers.

question/type/*/question.php, ``grade_response``: multichoice (one answer: its fraction; many:
the chosen fractions summed, kept within 0..1), truefalse, shortanswer (``*`` wildcards, case
as ``usecase`` says, the response trimmed), numerical (within the nominal tolerance, plus
PHP's epsilon), match (right stems over all stems), essay (no mark until a teacher grades).
A question's mark is its fraction times its ``defaultgrade`` (the quiz slot's maxmark).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

#: ``pow(10, -ini_get('precision'))`` with PHP's default precision of 14.
_EPSILON = 1e-14


def mark(question: dict[str, Any], response: Any) -> float | None:
    """The mark ``response`` earns; None for an essay, which waits for a teacher. A question
    left unanswered (None) earns nothing."""
    if response is None and question["type"] != "essay":
        return 0.0
    fraction = FRACTIONS[question["type"]](question, response)
    return None if fraction is None else round(fraction * question["defaultgrade"], 7)


def _multichoice(question: dict[str, Any], response: Any) -> float:
    answers = question["answers"]
    chosen = {_option_index(answers, item) for item in (
        [response] if question["single"] else (response or []))}
    return min(max(0.0, sum(answer["fraction"] for index, answer in enumerate(answers)
                            if index in chosen)), 1.0)


def _option_index(answers: list[dict[str, Any]], item: Any) -> int | None:
    """An option chosen by its index, or by its text as the student reads it."""
    if isinstance(item, int) and not isinstance(item, bool):
        return item
    return next((index for index, answer in enumerate(answers)
                 if _read(answer["text"]) == str(item).strip()), None)


def _read(html_text: str) -> str:
    """An option's HTML as a reader sees it: tags dropped, references decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


def _truefalse(question: dict[str, Any], response: Any) -> float:
    wanted = "true" if response else "false"
    return next(answer["fraction"] for answer in question["answers"]
                if answer["text"] == wanted)


def _shortanswer(question: dict[str, Any], response: Any) -> float:
    for answer in question["answers"]:
        if _wildcard_match(str(response), answer["text"], not question["usecase"]):
            return answer["fraction"]
    return 0.0


def _wildcard_match(text: str, pattern: str, ignore_case: bool) -> bool:
    """qtype_shortanswer_question::compare_string_with_wildcard."""
    pattern, text = unicodedata.normalize("NFC", pattern), unicodedata.normalize("NFC", text)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = "^" + ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits) + "$"
    return re.match(regexp, text.strip(), re.IGNORECASE if ignore_case else 0) is not None


def _numerical(question: dict[str, Any], response: Any) -> float:
    try:
        value = float(response)
    except (TypeError, ValueError):
        return 0.0
    for answer in question["answers"]:
        target = float(answer["text"])
        tolerance = answer["tolerance"]
        slack = tolerance + _EPSILON * max(abs(tolerance), abs(target), _EPSILON)
        if target - slack <= value <= target + slack:
            return answer["fraction"]
    return 0.0


def _match(question: dict[str, Any], response: Any) -> float:
    stems = [sub for sub in question["subquestions"] if sub["text"]]
    given = {_read(str(prompt)): match for prompt, match in dict(response or {}).items()}
    right = sum(1 for stem in stems if given.get(_read(stem["text"])) == stem["answer"])
    return right / len(stems)


def _essay(question: dict[str, Any], response: Any) -> None:
    return None


FRACTIONS: dict[str, Any] = {
    "multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
    "numerical": _numerical, "match": _match, "essay": _essay,
}
