"""What Moodle's XML question import makes of our files, modelled from Moodle's own code.

Each step cites the Moodle file it follows (moodle/moodle):
- lib/xmlize.php, ``core_xml_parser::handle_characterdata``: a piece of text is kept only if it
  is not whitespace alone (``trim($data) != ''``, or it is ``'0'``). The parser hands text over
  in pieces: a CDATA section arrives whole; outside CDATA every character reference is its own
  piece, and after one the next whitespace may arrive as a piece of its own (issue 10 saw
  ``x &lt; π`` saved as ``x <π``). The model takes that worst case.
- question/format/xml/format.php, ``getpath(..., istext=true)``: text is trimmed.
- question/format.php, ``clean_question_name``: ``clean_param(PARAM_TEXT)`` (PHP strip_tags), trim.
- question/format.php, ``split_category_path`` and ``create_category_path``: the path is split
  on ``(?<!/)/(?!/)``, each name trimmed, ``//`` read as ``/``, PARAM_TEXT applied; ``top`` is
  put first when missing, and a further category called ``top`` is skipped, leaving no category.
- question/type/match/questiontype.php: a subquestion with no text and an answer is a distractor.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)

    def find(self, tag: str) -> Element | None:
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]

    def text_of(self, *path: str) -> str:
        """getpath([..., 'text', 0, '#'], '', true): the kept pieces of the first element at
        ``path`` (``text`` by default) joined and trimmed; '' when there is none."""
        element: Element | None = self
        for tag in path or ("text",):
            element = element.find(tag) if element is not None else None
        return "" if element is None else "".join(element.pieces).strip()


def parse(xml_text: str) -> Element:
    """The tree core_xml_parser builds, with its rule for which text pieces are kept."""
    raw = xml_text.encode("utf-8")
    parser = xml.parsers.expat.ParserCreate("UTF-8")
    root = Element("#document", {})
    stack = [root]
    state = {"cdata": None, "after_reference": False}

    def keep(piece: str) -> None:
        if piece == "0" or piece.strip() != "":
            stack[-1].pieces.append(piece)

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = Element(tag, attrs)
        stack[-1].children.append(element)
        stack.append(element)
        state["after_reference"] = False

    def end(tag: str) -> None:
        stack.pop()
        state["after_reference"] = False

    def characters(data: str) -> None:
        if state["cdata"] is not None:
            state["cdata"].append(data)
            return
        if raw[parser.CurrentByteIndex:parser.CurrentByteIndex + 1] == b"&":
            keep(data)  # a character reference: a piece of its own
            state["after_reference"] = True
            return
        if state["after_reference"]:
            spaces = len(data) - len(data.lstrip())
            keep(data[:spaces])
            data = data[spaces:]
        state["after_reference"] = False
        keep(data)

    def start_cdata() -> None:
        state["cdata"] = []

    def end_cdata() -> None:
        keep("".join(state["cdata"]))
        state["cdata"] = None
        state["after_reference"] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartCdataSectionHandler = start_cdata
    parser.EndCdataSectionHandler = end_cdata
    parser.buffer_text = False
    parser.Parse(raw, True)
    return root.children[0]


_TAG = re.compile(r"<(?!\s)[^>]*(?:>|$)", re.DOTALL)


def param_text(text: str) -> str:
    """clean_param(PARAM_TEXT): PHP strip_tags drops a ``<`` not followed by whitespace and
    everything up to the next ``>`` (or the end)."""
    return _TAG.sub("", text)


def question_name(question: Element) -> str:
    """clean_question_name(): PARAM_TEXT, then trim."""
    return param_text(question.text_of("name", "text")).strip()


def category(path: str) -> list[str] | None:
    """The category names create_category_path() files questions under; None when it leaves
    the questions in the category the teacher picked (a skipped ``top``)."""
    names = [param_text(name.replace("//", "/").strip())  # clean_param(trim(str_replace()))
             for name in re.split(r"(?<!/)/(?!/)", path)]
    if re.fullmatch(r"\$[a-z]+\$", names[0]):
        names.pop(0)
    if names and (names[0] != "top" or len(names) < 3):
        names.insert(0, "top")
    created, landed = names[:1], True
    for name in names[1:]:
        # In an empty bank a second "top" is not found and `if ($catname == 'top') continue;`
        # skips it, leaving $category empty: if it is the last name, no category is returned.
        landed = name != "top"
        if landed:
            created.append(name)
    return created if landed else None


def read(xml_text: str) -> tuple[list[str] | None, list[Element]]:
    """The category the questions land in and the question elements, as the import sees them."""
    quiz = parse(xml_text)
    questions = quiz.findall("question")
    path = questions[0].text_of("category", "text")
    return category(path), questions[1:]


def matching(question: Element) -> tuple[list[tuple[str, str]], list[str]]:
    """import_match + qtype_match: (stem, answer) pairs, and the distractors (no stem)."""
    pairs, distractors = [], []
    for sub in question.findall("subquestion"):
        stem = sub.text_of()
        answer = sub.text_of("answer", "text")
        if stem:
            pairs.append((stem, answer))
        elif answer:
            distractors.append(answer)
    return pairs, distractors
