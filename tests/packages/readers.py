"""Open each package the way the LMS that imports it does, and say what it would get.

Each reader follows the importer's own source: the CC 1.1 manifest rules of
backup/cc/schemas11/ccv1p1_imscp_v1p2_v1p0.xsd (moodle/moodle; checked here by structure, as
the XSDs cannot ship with us); QTI items as Moodle's CC import (backup/cc/entity11.quiz.class.php)
and Canvas's QTI import (gems/plugins/qti_exporter) read them; GIFT as
question/format/gift/format.php ``readquestion`` splits and unescapes it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
LOM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
RESOURCE_TYPES = {  # the CC 1.1 vocabulary (cc_version11.php, the imscp XSD)
    "webcontent", "imsqti_xmlv1p2/imscc_xmlv1p1/assessment",
    "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank",
    "associatedcontent/imscc_xmlv1p1/learning-application-resource", "imsdt_xmlv1p1",
    "imswl_xmlv1p1", "imsbasiclti_xmlv1p0",
}
NO_HREF_TYPES = {"imsqti_xmlv1p2/imscc_xmlv1p1/assessment", "imsdt_xmlv1p1", "imswl_xmlv1p1",
                 "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank"}
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def open_zip(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return archive


@dataclass
class ModuleItem:
    title: str
    type: str
    path: str


def read_cc_manifest(archive: zipfile.ZipFile) -> tuple[ET.Element, list[ModuleItem]]:
    """Check imsmanifest.xml against the CC 1.1 structure; the module's items in order."""
    root = ET.fromstring(archive.read("imsmanifest.xml"))
    assert root.tag == f"{CP}manifest" and root.get("identifier")
    assert [child.tag for child in root] == [f"{CP}metadata", f"{CP}organizations",
                                             f"{CP}resources"]
    metadata = root.find(f"{CP}metadata")
    assert metadata.findtext(f"{CP}schema") == "IMS Common Cartridge"
    assert metadata.findtext(f"{CP}schemaversion") == "1.1.0"
    assert metadata.find(f"{LOM}lom/{LOM}general/{LOM}title/{LOM}string") is not None
    _check_identifiers(root)
    resources = _check_resources(root, set(archive.namelist()))
    organizations = root.find(f"{CP}organizations").findall(f"{CP}organization")
    assert len(organizations) <= 1  # (p) 0..1 organization
    items: list[ModuleItem] = []
    for organization in organizations:
        assert organization.get("structure") == "rooted-hierarchy"  # (d)
        [top] = organization.findall(f"{CP}item")  # (s) exactly one item
        assert top.find(f"{CP}title") is None  # (n) the top item has no title
        for item in top.iter(f"{CP}item"):
            if item is top:
                continue
            assert item.findtext(f"{CP}title"), "every other item has a title (n)"
            ref = item.get("identifierref")
            if ref is not None:
                assert ref in resources, f"item points at a missing resource {ref}"
                assert not item.findall(f"{CP}item"), "a learning object item has no children"
                resource = resources[ref]
                items.append(ModuleItem(item.findtext(f"{CP}title"), resource.get("type"),
                                        resource.find(f"{CP}file").get("href")))
    return root, items


def _check_identifiers(root: ET.Element) -> None:
    identifiers = [element.get("identifier") for element in root.iter()
                   if element.get("identifier") is not None]
    assert len(identifiers) == len(set(identifiers)), "identifiers are xs:ID: unique"
    assert all(_NCNAME.match(value) for value in identifiers), identifiers


def _check_resources(root: ET.Element, members: set[str]) -> dict[str, ET.Element]:
    resources = {resource.get("identifier"): resource
                 for resource in root.find(f"{CP}resources").findall(f"{CP}resource")}
    for identifier, resource in resources.items():
        kind = resource.get("type")
        assert kind in RESOURCE_TYPES, kind  # (m) the CC 1.1 resource types
        hrefs = [file.get("href") for file in resource.findall(f"{CP}file")]
        assert len(hrefs) == len(set(hrefs))  # rule 9a
        assert set(hrefs) <= members, f"files missing from the zip: {set(hrefs) - members}"
        if kind in NO_HREF_TYPES:
            assert len(hrefs) == 1 and resource.get("href") is None  # rules 1-4 (a, b, c)
        if resource.get("href") is not None:
            assert resource.get("href") in hrefs  # rule 10
        elif kind in ("webcontent",):
            raise AssertionError("web content an item points at needs an href (rule 5g)")
        refs = [dependency.get("identifierref")
                for dependency in resource.findall(f"{CP}dependency")]
        assert identifier not in refs and len(refs) == len(set(refs))  # rule 7
        assert set(refs) <= set(resources)
    return resources


@dataclass
class ReadItem:
    """A question as the importer sees it."""

    kind: str
    title: str
    text: str
    points: float
    options: list[str] = field(default_factory=list)
    right: Any = None
    feedback: str | None = None


_ASSESSMENT_FIELDS = {"cc_profile": {"cc.exam.v0p1"}, "qmd_assessmenttype": {"Examination"},
                      "qmd_scoretype": {"Percentage"}, "qmd_feedbackpermitted": {"Yes", "No"},
                      "qmd_hintspermitted": {"Yes", "No"}, "qmd_solutionspermitted": {"Yes", "No"},
                      "qmd_timelimit": None, "cc_allow_late_submission": {"Yes", "No"},
                      "cc_maxattempts": {"1", "2", "3", "4", "5", "unlimited", "Examination"}}
_ITEM_FIELDS = {"cc_profile": {"cc.multiple_choice.v0p1", "cc.multiple_response.v0p1",
                               "cc.true_false.v0p1", "cc.fib.v0p1", "cc.pattern_match.v0p1",
                               "cc.essay.v0p1"},
                "cc_question_category": None, "cc_weighting": {str(n) for n in range(1, 100)},
                "qmd_scoringpermitted": {"Yes"}, "qmd_computerscored": {"Yes", "No"}}


def check_cc_qti(document: bytes | str) -> None:
    """The schematron rules of the CC 1.1 QTI profile (ccv1p1_qtiasiv1p2p1_v1p0.xsd) that a
    writer can break: metadata fields and values (rule sets 1, 2), each type's structure
    (3, 5, 6, 8), feedback links (12) and unique item idents (13). One rule is knowingly not
    checked: 4d wants three or more options on a multiple choice, and a two-option question
    stays a multiple choice (Moodle's and Canvas's imports take it as one)."""
    root = ET.fromstring(document)
    assessment = root.find(f"{QTI}assessment")
    _check_fields(_metadata(assessment.find(f"{QTI}qtimetadata")), _ASSESSMENT_FIELDS)
    idents = [item.get("ident") for item in assessment.iter(f"{QTI}item")]
    assert len(idents) == len(set(idents))  # 13a
    for item in assessment.iter(f"{QTI}item"):
        meta = _metadata(item.find(f"{QTI}itemmetadata"))
        _check_fields(meta, _ITEM_FIELDS)
        assert "cc_profile" in meta  # 2f
        _check_item_structure(item, meta["cc_profile"], meta)
        shown = {d.get("linkrefid") for d in item.iter(f"{QTI}displayfeedback")}
        given = {f.get("ident") for f in item.findall(f"{QTI}itemfeedback")}
        assert shown == given  # 12c, 12d


def _check_fields(fields: dict[str, str], allowed: dict[str, set[str] | None]) -> None:
    for label, entry in fields.items():
        assert label in allowed, f"metadata field {label} is not in the CC profile"
        assert allowed[label] is None or entry in allowed[label], f"{label} = {entry!r}"


def _check_item_structure(item: ET.Element, profile: str, meta: dict[str, str]) -> None:
    presentation = item.find(f"{QTI}presentation")
    lids = presentation.findall(f"{QTI}response_lid")
    strs = presentation.findall(f"{QTI}response_str")
    respidents = {v.get("respident") for v in item.iter(f"{QTI}varequal")}
    assert not list(item.iter(f"{QTI}varsubstring"))
    if profile in ("cc.true_false.v0p1", "cc.multiple_choice.v0p1",
                   "cc.multiple_response.v0p1"):
        [lid] = lids
        assert not strs and lid.find(f"{QTI}render_fib") is None
        single = profile != "cc.multiple_response.v0p1"
        assert lid.get("rcardinality") == ("Single" if single else "Multiple")
        labels = {label.get("ident") for label in lid.iter(f"{QTI}response_label")}
        if profile == "cc.true_false.v0p1":
            assert len(labels) == 2  # 3d
        assert respidents == {lid.get("ident")}
        assert {v.text for v in item.iter(f"{QTI}varequal")} <= labels  # 9a
    else:
        [response] = strs
        assert not lids and response.find(f"{QTI}render_choice") is None  # 6a, 6b
        if profile == "cc.essay.v0p1":
            assert not respidents and meta.get("qmd_computerscored") == "No"  # 8c, 8f
        else:
            assert respidents == {response.get("ident")}  # 6c


def read_qti(document: bytes | str) -> tuple[str, list[ReadItem]]:
    """The assessment's title and every item of its section, right answers included."""
    root = ET.fromstring(document)
    assert root.tag == f"{QTI}questestinterop"
    assessment = root.find(f"{QTI}assessment")
    items = [_read_item(item) for item in assessment.iter(f"{QTI}item")]
    return assessment.get("title"), items


def _metadata(element: ET.Element) -> dict[str, str]:
    return {field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
            for field in element.iter(f"{QTI}qtimetadatafield")}


def _read_item(item: ET.Element) -> ReadItem:
    meta = _metadata(item.find(f"{QTI}itemmetadata"))
    kind = meta.get("cc_profile") or meta["question_type"]
    # Without cc_weighting Moodle gives the question 1 point (get_defaultgrade).
    points = float(meta.get("cc_weighting") or meta.get("points_possible") or 1)
    presentation = item.find(f"{QTI}presentation")
    text = presentation.find(f"{QTI}material/{QTI}mattext").text or ""
    labels = {label.get("ident"): label.find(f"{QTI}material/{QTI}mattext").text or ""
              for label in presentation.iter(f"{QTI}response_label")
              if label.find(f"{QTI}material") is not None}
    conditions = item.find(f"{QTI}resprocessing").findall(f"{QTI}respcondition")
    read = ReadItem(kind, item.get("title"), text, points, options=list(labels.values()))
    general = item.find(f"{QTI}itemfeedback[@ident='general_fb']")
    if general is not None:
        read.feedback = general.find(f".//{QTI}mattext").text
    scoring = [condition for condition in conditions
               if condition.find(f"{QTI}setvar") is not None]
    if "matching" in kind:
        prompts = {lid.get("ident"): lid.find(f"{QTI}material/{QTI}mattext").text
                   for lid in presentation.findall(f"{QTI}response_lid")}
        read.right = {prompts[test.get("respident")]: labels[test.text]
                      for condition in scoring for test in condition.iter(f"{QTI}varequal")}
        read.options = list(dict.fromkeys(labels.values()))
    elif "numerical" in kind:
        [condition] = scoring
        either = condition.find(f"{QTI}conditionvar/{QTI}or")
        read.right = (float(either.find(f"{QTI}varequal").text),
                      float(either.find(f"{QTI}and/{QTI}vargte").text),
                      float(either.find(f"{QTI}and/{QTI}varlte").text))
    elif "essay" in kind:
        read.right = None
    else:
        right = [condition for condition in scoring
                 if condition.find(f"{QTI}setvar").text == "100"]
        [condition] = right
        chosen = [test for test in condition.iter(f"{QTI}varequal")
                  if not _negated(condition, test)]
        if kind in ("cc.multiple_response.v0p1", "multiple_answers_question"):
            # Moodle's CC import: right answers are the case="Yes" tests (get_answers).
            chosen = [test for test in chosen if test.get("case") == "Yes"]
        if kind == "cc.true_false.v0p1":
            # ... and a true/false item's answers must be the idents true and false.
            assert set(labels) == {"true", "false"}
        if labels:
            read.right = sorted(labels[test.text] for test in chosen)
        else:
            read.right = [test.text for test in chosen]
    return read


def moodle_choice_scores(document: bytes | str) -> list[dict[str, float]]:
    """Per choice item, each option's score as Moodle's CC import works it out (get_score):
    the last respcondition whose first varequal names the option decides, 1 if it sets a
    score, else 0."""
    scores = []
    for item in ET.fromstring(document).iter(f"{QTI}item"):
        labels = {label.get("ident"): label.find(f"{QTI}material/{QTI}mattext").text
                  for label in item.iter(f"{QTI}response_label")}
        by_option = dict.fromkeys(labels, 0.0)
        for condition in item.find(f"{QTI}resprocessing").findall(f"{QTI}respcondition"):
            test = condition.find(f"{QTI}conditionvar/{QTI}varequal")
            if test is not None and test.text in by_option:
                setvar = condition.find(f"{QTI}setvar")
                by_option[test.text] = 1.0 if setvar is not None and setvar.text else 0.0
        scores.append({labels[ident]: score for ident, score in by_option.items()})
    return scores


def _negated(condition: ET.Element, test: ET.Element) -> bool:
    return any(test in list(negation) for negation in condition.iter(f"{QTI}not"))


# --- GIFT, as question/format/gift/format.php reads it ---------------------------------------

_PLACEHOLDERS = {"\\:": "\x01058", "\\#": "\x01035", "\\=": "\x01061", "\\{": "\x01123",
                 "\\}": "\x01125", "\\~": "\x01126", "\\n": "\x01010"}
_CHARACTERS = {"\x01058": ":", "\x01035": "#", "\x01061": "=", "\x01123": "{", "\x01125": "}",
               "\x01126": "~", "\x01010": "\n"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


@dataclass
class GiftQuestion:
    category: str
    kind: str
    name: str
    text: str
    text_format: str
    answers: list[tuple[float, str]] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    numbers: list[tuple[float, float]] = field(default_factory=list)
    general_feedback: str = ""


def read_gift(text: str) -> list[GiftQuestion]:
    """Every question of a GIFT file, in order, each under the category it was read in."""
    category = ""
    questions: list[GiftQuestion] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [" " if line.strip().startswith("//") else line for line in block.split("\n")]
        body = "\n".join(lines).strip()
        if not body:
            continue
        body = _escaped_pre(body)
        if body.startswith("$CATEGORY:"):
            category = body[10:].strip()
            continue
        questions.append(_gift_question(body, category))
    return questions


def _escaped_pre(text: str) -> str:
    text = text.replace("\\\\", "\x01092")
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("\x01092", "\\")


def _post(text: str) -> str:
    for placeholder, character in _CHARACTERS.items():
        text = text.replace(placeholder, character)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    text = text.strip()
    if text.startswith("[") and "]" in text:
        name = text[1:text.index("]")]
        if name in ("moodle", "html", "plain", "markdown"):
            return _post(text[text.index("]") + 1:]).strip(), name
    return _post(text).strip(), default


def _gift_question(body: str, category: str) -> GiftQuestion:
    assert body.startswith("::"), body
    body = body[2:]
    name, body = body[:body.index("::")], body[body.index("::") + 2:].strip()
    start, finish = body.index("{"), body.index("}")
    answer_text = body[start + 1:finish].strip()
    assert body.endswith("}"), "answers close the question"
    question_text = body[:start]
    general = ""
    if "####" in answer_text:
        cut = answer_text.rindex("####")
        general, answer_text = answer_text[cut + 4:], answer_text[:cut].strip()
    text, text_format = _with_format(question_text)
    question = GiftQuestion(category, _gift_kind(answer_text), _post(name), text, text_format,
                            general_feedback=_with_format(general, text_format)[0])
    _GIFT_ANSWERS[question.kind](question, answer_text)
    return question


def _gift_kind(answer_text: str) -> str:
    if answer_text == "":
        return "essay"
    if answer_text[0] == "#":
        return "numerical"
    if "~" in answer_text:
        return "multichoice"
    if "=" in answer_text and "->" in answer_text:
        return "match"
    if answer_text.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        return "truefalse"
    return "shortanswer"


def _weighted(answer: str, default: float) -> tuple[float, str]:
    if _WEIGHT.match(answer):
        weight_text = answer[1:answer.index("%", 1)]
        return float(weight_text) / 100, answer[answer.index("%", 1) + 1:]
    return default, answer


def _read_choices(question: GiftQuestion, answer_text: str) -> None:
    for answer in [a for a in answer_text.replace("=", "~=").split("~") if a.strip()]:
        answer = answer.strip()
        if answer[0] == "=":
            weight, answer = 1.0, answer[1:]
        else:
            weight, answer = _weighted(answer, 0.0)
        question.answers.append((weight, _with_format(answer.split("#")[0],
                                                      question.text_format)[0]))


def _read_short(question: GiftQuestion, answer_text: str) -> None:
    for answer in [a for a in answer_text.split("=") if a.strip()]:
        weight, answer = _weighted(answer.strip(), 1.0)
        question.answers.append((weight, _with_format(answer.split("#")[0])[0]))


def _read_numbers(question: GiftQuestion, answer_text: str) -> None:
    for answer in [a for a in answer_text[1:].split("=") if a.strip()]:
        value, _, tolerance = answer.strip().partition(":")
        question.numbers.append((float(value), float(tolerance or 0)))


def _read_pairs(question: GiftQuestion, answer_text: str) -> None:
    for answer in [a for a in answer_text.split("=") if a.strip()]:
        prompt, _, match = answer.partition("->")
        question.pairs.append((_with_format(prompt, question.text_format)[0],
                               _post(match).strip()))


def _read_truefalse(question: GiftQuestion, answer_text: str) -> None:
    question.answers.append((1.0, answer_text.split("#")[0].strip()))


_GIFT_ANSWERS = {"multichoice": _read_choices, "shortanswer": _read_short,
                 "numerical": _read_numbers, "match": _read_pairs,
                 "truefalse": _read_truefalse, "essay": lambda *_: None}
