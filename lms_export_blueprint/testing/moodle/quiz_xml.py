"""The questions of a Moodle XML ``<quiz>``, read as qformat_xml reads them, enough to grade.

question/format/xml/format.php: each ``<question type>`` with ``name``, ``questiontext``,
``defaultgrade`` and its type's answers; ``type="category"`` entries only say where the
questions go. Malformed XML fails as Moodle's import does (``cannotimport``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

#: Question types this double keeps, by their XML name ("match" and "matching" both import).
TYPES = {"multichoice", "truefalse", "shortanswer", "numerical", "essay", "match", "matching"}


class ImportFailed(Exception):
    """The file is not a quiz Moodle imports."""


def read_questions(xml: str) -> list[dict[str, Any]]:
    try:
        root = ElementTree.fromstring(xml.encode())
    except ElementTree.ParseError as exc:
        raise ImportFailed(str(exc)) from None
    if root.tag != "quiz":
        raise ImportFailed("the document is not a <quiz>")
    questions = []
    for element in root.findall("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            continue
        if qtype not in TYPES:
            raise ImportFailed(f"unknown question type {qtype}")
        questions.append(_question(element, "match" if qtype == "matching" else qtype))
    return questions


def _question(element: ElementTree.Element, qtype: str) -> dict[str, Any]:
    question: dict[str, Any] = {
        "type": qtype, "name": _text(element, "name"),
        "questiontext": _text(element, "questiontext"),
        "defaultgrade": float(_text(element, "defaultgrade") or 1),
        # Embedded files (``<file name encoding="base64">``), filed in the text's file area.
        "files": [file.get("name", "") for file in element.findall("questiontext/file")],
    }
    if qtype == "multichoice":
        question["single"] = _text(element, "single").strip().lower() in ("true", "1")
    if qtype == "shortanswer":
        question["usecase"] = _text(element, "usecase").strip() == "1"
    question["answers"] = [
        {"text": _text(answer, "."), "fraction": float(answer.get("fraction", "0")) / 100,
         "tolerance": float(_text(answer, "tolerance") or 0)}
        for answer in element.findall("answer")]
    question["subquestions"] = [
        {"text": _text(sub, "."), "answer": _text(sub, "answer")}
        for sub in element.findall("subquestion")]
    return question


def _text(element: ElementTree.Element, path: str) -> str:
    """The ``<text>`` under ``path``, as qformat_xml's ``getpath(..., 'text', '#')`` reads it."""
    holder = element if path == "." else element.find(path)
    if holder is None:
        return ""
    text = holder.find("text")
    if text is None:
        return (holder.text or "").strip() if path != "." else ""
    return (text.text or "").strip()
