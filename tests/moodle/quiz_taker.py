"""A student takes a quiz over Moodle's own web services, as the Moodle app does: start an attempt,
read each page's questions, answer them in the form fields the HTML holds, submit, read the review.

Answers are given as a person reads the quiz, one per question in order: the text of the option
(multiple choice), a list of option texts (several right answers), True/False, the text typed
(short answer, numerical, essay), or ``{prompt: match}`` (matching); None leaves one unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from .site import MoodleSite

_VOID = {"input", "br", "img", "hr", "meta", "link", "source", "wbr", "col", "area"}
#: The "a. " Moodle puts before each option (answernumbering abc).
_NUMBERING = re.compile(r"^\s*[a-zA-Z0-9]{1,4}\.\s+")


def _clean(text: str) -> str:
    return " ".join(_NUMBERING.sub("", text).split())


@dataclass
class _Form:
    """What a question's HTML asks: its inputs and selects, with the text that labels them."""

    inputs: list[dict[str, str]] = field(default_factory=list)
    selects: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def label(self, attrs: Mapping[str, str]) -> str:
        return _clean(self.texts.get(attrs.get("aria-labelledby", ""), ""))


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.form = _Form()
        self._open: list[tuple[str, str | None, list[str]]] = []  # tag, id, text pieces
        self._select: str | None = None
        self._option: list[str] | None = None
        self._option_value = ""
        self._stem: list[str] | None = None
        self._last_stem = ""

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attr_list}
        if tag == "input":
            self.form.inputs.append(attrs)
        elif tag == "textarea":
            self.form.inputs.append({**attrs, "type": "textarea"})
        elif tag == "select":
            self._select = attrs.get("name", "")
            self.form.selects[self._select] = []
            self.form.stems[self._select] = _clean(self._last_stem)
        elif tag == "option":
            self._option, self._option_value = [], attrs.get("value", "")
        elif tag == "td" and "text" in attrs.get("class", "").split():
            self._stem = []
        if tag not in _VOID:
            self._open.append((tag, attrs.get("id"), []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._option is not None:
            self.form.selects[self._select].append((self._option_value,
                                                    _clean("".join(self._option))))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "td" and self._stem is not None:
            self._last_stem, self._stem = "".join(self._stem), None
        while self._open:
            opened, element_id, pieces = self._open.pop()
            if element_id:
                self.form.texts[element_id] = "".join(pieces)
            if self._open:
                self._open[-1][2].extend(pieces)
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)
        for pieces in (self._option, self._stem):
            if pieces is not None:
                pieces.append(data)


def read_form(html: str) -> _Form:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.form


def answer_fields(qtype: str, html: str, answer: Any) -> list[dict[str, str]]:
    """The form fields that give ``answer`` to one question, with its sequence check."""
    form = read_form(html)
    hidden = [{"name": attrs["name"], "value": attrs.get("value", "")} for attrs in form.inputs
              if attrs.get("type") == "hidden" and attrs.get("name", "").endswith(
                  (":sequencecheck", "_answerformat"))]
    if answer is None:
        return hidden
    return hidden + _answer(qtype, form, answer)


def _answer(qtype: str, form: _Form, answer: Any) -> list[dict[str, str]]:
    if qtype == "multichoice":
        return _choose(form, [answer] if isinstance(answer, str) else list(answer))
    if qtype == "truefalse":
        return [{"name": _field(form, "_answer"), "value": "1" if answer else "0"}]
    if qtype == "match":
        return _match(form, answer)
    return [{"name": _field(form, "_answer"), "value": str(answer)}]


def _field(form: _Form, suffix: str) -> str:
    names = {attrs["name"] for attrs in form.inputs if attrs.get("name", "").endswith(suffix)}
    names |= {name for name in form.selects if name.endswith(suffix)}
    if len(names) != 1:
        raise AssertionError(f"expected one field *{suffix} in the question, found {names}")
    return names.pop()


def _choose(form: _Form, wanted: list[str]) -> list[dict[str, str]]:
    choices = [attrs for attrs in form.inputs if attrs.get("type") in ("radio", "checkbox")]
    chosen = [attrs for attrs in choices if form.label(attrs) in {_clean(w) for w in wanted}]
    if len(chosen) != len(wanted):
        labels = [form.label(attrs) for attrs in choices]
        raise AssertionError(f"options {wanted} not all among {labels}")
    return [{"name": attrs["name"], "value": attrs.get("value", "1")} for attrs in chosen]


def _match(form: _Form, pairs: Mapping[str, str]) -> list[dict[str, str]]:
    fields = []
    for prompt, match in pairs.items():
        name = next((name for name, stem in form.stems.items() if stem == _clean(prompt)), None)
        if name is None:
            raise AssertionError(f"no prompt {prompt!r} among {list(form.stems.values())}")
        value = next((value for value, text in form.selects[name] if text == _clean(match)), None)
        if value is None:
            raise AssertionError(f"no choice {match!r} among {form.selects[name]}")
        fields.append({"name": name, "value": value})
    return fields


@dataclass(frozen=True)
class QuizResult:
    """What the review shows the student: the quiz's grade and each question's state and mark."""

    grade: float | None
    sumgrades: float | None
    questions: list[dict[str, Any]]

    def marks(self) -> list[float | None]:
        return [None if question.get("mark") in (None, "") else float(question["mark"])
                for question in self.questions]

    def states(self) -> list[str]:
        return [str(question.get("state")) for question in self.questions]


def take_quiz(site: MoodleSite, token: str, quizid: int, answers: Sequence[Any]) -> QuizResult:
    """Starts an attempt as the student whose ``lms_test`` token this is, answers, submits and
    answers the review Moodle gives."""
    attempt = site.call(token, "mod_quiz_start_attempt", quizid=quizid)["attempt"]
    questions, page = [], 0
    while page >= 0:
        data = site.call(token, "mod_quiz_get_attempt_data", attemptid=attempt["id"], page=page)
        questions += data["questions"]
        page = data["nextpage"]
    if len(questions) != len(answers):
        raise AssertionError(f"the quiz has {len(questions)} questions, {len(answers)} answers")
    fields = [item for question, answer in zip(questions, answers, strict=True)
              for item in answer_fields(question["type"], question["html"], answer)]
    finished = site.call(token, "mod_quiz_process_attempt", attemptid=attempt["id"],
                         data=fields, finishattempt=True)
    if finished["state"] != "finished":
        raise AssertionError(f"the attempt is {finished['state']}: {finished.get('warnings')}")
    review = site.call(token, "mod_quiz_get_attempt_review", attemptid=attempt["id"])
    sumgrades = review["attempt"].get("sumgrades")
    return QuizResult(grade=None if review.get("grade") in (None, "") else float(review["grade"]),
                      sumgrades=None if sumgrades is None else float(sumgrades),
                      questions=sorted(review["questions"], key=lambda q: q["slot"]))
