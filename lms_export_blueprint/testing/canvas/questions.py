"""Classic quiz questions stored the way Canvas's answer parsers store them.

app/models/quizzes/quiz_question/question_data.rb (QuestionData.generate) and
app/models/quizzes/quiz_question/answer_parsers/*.rb, one parser per question type.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from .params import indexed_list
from .sanitize import sanitize

Question = dict[str, Any]
Answer = dict[str, Any]


_COMMENT_FIELDS = ("correct_comments", "incorrect_comments", "neutral_comments")


def build_question(fields: dict[str, Any], rng: random.Random) -> Question:
    """The question_data Canvas keeps for ``question[...]`` fields (QuestionData.generate)."""
    question: Question = {
        "question_type": fields.get("question_type") or "text_only_question",
        "question_name": str(fields.get("question_name") or "").strip() or "Question",
        # question_text is sanitized as HTML: plain text with "<" must arrive escaped.
        "question_text": sanitize(fields.get("question_text", "Question text")),
        "points_possible": _to_float(fields.get("points_possible")),
        "text_after_answers": sanitize(fields.get("text_after_answers")),
    }
    for name in _COMMENT_FIELDS:
        question[name] = fields.get(name)
        # Plain *_comments are shown escaped; *_comments_html carries the feedback's HTML.
        question[f"{name}_html"] = sanitize(fields.get(f"{name}_html"))
    if question["question_type"] == "matching_question":
        question["matching_answer_incorrect_matches"] = fields.get(
            "matching_answer_incorrect_matches")
    raw_answers = indexed_list(fields.get("answers"))
    parser = _PARSERS.get(question["question_type"])
    if parser is None:  # answer_parser.rb: an unknown type keeps what was sent
        question["answers"] = raw_answers
        return question
    parser(question, [answer for answer in raw_answers if isinstance(answer, dict)], rng)
    return question


def _choices(question: Question, raw: list[Answer], rng: random.Random) -> None:
    """multiple_choice.rb / multiple_answers.rb: weight 100 is correct; none marked -> the first."""
    taken: list[int] = []
    answers = []
    for fields in raw:
        answer = {"id": _answer_id(_any(fields, "id", "answer_id"), taken, rng),
                  "text": _any(fields, "answer_text", "text"),
                  "html": sanitize(_any(fields, "answer_html", "html")),
                  "comments": _any(fields, "answer_comment", "comments"),
                  "comments_html": sanitize(_any(fields, "answer_comment_html", "comments_html")),
                  "weight": _to_float(_any(fields, "answer_weight", "weight"))}
        answers.append(answer)
    if answers and not any(_is_correct(answer) for answer in answers):
        answers[0]["weight"] = 100.0  # answer_group.rb#set_correct_if_none
    question["answers"] = answers


def _true_false(question: Question, raw: list[Answer], rng: random.Random) -> None:
    """true_false.rb: like multiple choice, but no answer is made correct for you."""
    taken: list[int] = []
    question["answers"] = [
        {"id": _answer_id(_any(fields, "id", "answer_id"), taken, rng),
         "text": _any(fields, "answer_text", "text"),
         "comments": _any(fields, "answer_comment", "comments"),
         "comments_html": _any(fields, "answer_comment_html", "comments_html"),
         "weight": int(_to_float(_any(fields, "answer_weight", "weight")))}
        for fields in raw]


def _short_answer(question: Question, raw: list[Answer], rng: random.Random) -> None:
    """short_answer.rb: every answer is a correct one (weight 100)."""
    taken: list[int] = []
    question["answers"] = [
        {"id": _answer_id(_any(fields, "id", "answer_id"), taken, rng),
         "text": _any(fields, "answer_text", "text"),
         "comments": _any(fields, "answer_comment", "comments"),
         "comments_html": _any(fields, "answer_comment_html", "comments_html"),
         "weight": 100}
        for fields in raw]


def _numerical(question: Question, raw: list[Answer], rng: random.Random) -> None:
    """numerical.rb: exact_answer (exact, margin), precision_answer, else range_answer."""
    taken: list[int] = []
    answers = []
    for fields in raw:
        answer: Answer = {"id": _answer_id(fields.get("id"), taken, rng),
                          "text": _any(fields, "answer_text", "text"),
                          "comments": _any(fields, "answer_comment", "comments"),
                          "weight": 100,
                          "numerical_answer_type": fields.get("numerical_answer_type")}
        if answer["numerical_answer_type"] == "exact_answer":
            answer["exact"] = _to_float(fields.get("answer_exact"))
            margin = fields.get("answer_error_margin")
            # numerical_question.rb: a margin ending in "%" is a share of the exact value.
            answer["margin"] = margin if str(margin).strip().endswith("%") else _to_float(margin)
        elif answer["numerical_answer_type"] == "precision_answer":
            answer["approximate"] = _to_float(fields.get("answer_approximate"))
            answer["precision"] = int(_to_float(fields.get("answer_precision")))
        else:
            answer["numerical_answer_type"] = "range_answer"
            answer["start"] = _to_float(fields.get("answer_range_start"))
            answer["end"] = _to_float(fields.get("answer_range_end"))
        answers.append(answer)
    question["answers"] = answers


def _matching(question: Question, raw: list[Answer], rng: random.Random) -> None:
    """matching.rb: one answer per left side; equal right texts share a match_id; the
    newline-separated ``matching_answer_incorrect_matches`` become distractor matches."""
    taken: list[int] = []
    match_ids: dict[Any, int] = {}
    answers, matches = [], []
    for fields in raw:
        right = fields.get("answer_match_right")
        if right not in match_ids:
            match_ids[right] = _answer_id(fields.get("match_id"), taken, rng)
            matches.append({"match_id": match_ids[right], "text": right})
        answers.append({"id": _answer_id(fields.get("id"), taken, rng),
                        "text": fields.get("answer_match_left"),
                        "left": fields.get("answer_match_left"),
                        "left_html": sanitize(fields.get("answer_match_left_html")),
                        "right": right, "match_id": match_ids[right],
                        "comments": _any(fields, "answer_comment", "comments"),
                        "comments_html": _any(fields, "answer_comment_html", "comments_html")})
    for distractor in str(question.get("matching_answer_incorrect_matches") or "").split("\n"):
        if distractor and distractor not in match_ids:
            match_ids[distractor] = _answer_id(None, taken, rng)
            matches.append({"match_id": match_ids[distractor], "text": distractor[:255]})
    question["answers"], question["matches"] = answers, matches


def _no_answers(question: Question, raw: list[Answer], rng: random.Random) -> None:
    """essay.rb, text_only.rb, file upload: nothing to store for answers."""
    question["answers"] = []


_PARSERS: dict[str, Callable[[Question, list[Answer], random.Random], None]] = {
    "multiple_choice_question": _choices,
    "multiple_answers_question": _choices,
    "missing_word_question": _choices,
    "true_false_question": _true_false,
    "short_answer_question": _short_answer,
    "numerical_question": _numerical,
    "matching_question": _matching,
    "essay_question": _no_answers,
    "text_only_question": _no_answers,
    "file_upload_question": _no_answers,
}


def _answer_id(wanted: Any, taken: list[int], rng: random.Random) -> int:
    """answer_group.rb#set_id: keep a given non-zero, free id, else a random one below 10000."""
    candidate = int(_to_float(wanted)) if wanted not in (None, "") else 0
    while candidate == 0 or candidate in taken:
        candidate = rng.randrange(1, 10000)
    taken.append(candidate)
    return candidate


def _is_correct(answer: Answer) -> bool:
    return int(_to_float(answer.get("weight"))) == 100


def _any(fields: dict[str, Any], *names: str) -> Any:
    """RawFields#fetch_any: the first of ``names`` present."""
    for name in names:
        if name in fields:
            return fields[name]
    return None


def _to_float(value: Any) -> float:
    """Ruby's String#to_f: the leading number, or 0.0."""
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    text = str(value or "").strip()
    for end in range(len(text), 0, -1):
        try:
            number = float(text[:end])
        except ValueError:
            continue
        return number if math.isfinite(number) else 0.0  # Ruby reads "nan" as 0.0
    return 0.0
