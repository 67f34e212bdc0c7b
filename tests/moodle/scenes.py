"""One scene, two sites: the real Moodle of the tier and the Moodle double, behind the same few
questions a provider test asks (who teaches, what a student scores, what landed)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Protocol

PASSWORD = "Test-pa55word!"


@dataclass(frozen=True)
class User:
    id: int
    username: str
    password: str


@dataclass(frozen=True)
class Course:
    id: int
    teacher: User
    student: User


class Scene(Protocol):
    base_url: str

    def new_course(self) -> Course:
        """A fresh course with an editing teacher and a student (both may get tokens)."""

    def new_manager(self) -> User:
        """A user who may create courses in category 1 and enrol users there."""

    def take_quiz(self, course: Course, cmid: int, answers: list[Any]) -> list[float | None]:
        """The course's student answers the quiz; the mark of each question (None: an essay
        waiting for the teacher). Answers as ``MoodleDouble.grade`` takes them."""

    def question_texts(self, cmid: int) -> list[str]: ...

    def page(self, cmid: int) -> dict[str, Any]:
        """``{"name", "content"}`` of the page activity."""

    def module_count(self, course_id: int) -> int: ...

    def course_count(self) -> int: ...

    def roles_in(self, course_id: int, user_id: int) -> list[str]: ...


class DoubleScene:
    """The scene on ``live_moodle``."""

    def __init__(self, moodle: Any) -> None:
        self.moodle = moodle
        self.base_url = moodle.base_url
        self._names = iter(range(1, 10_000))

    def _user(self, prefix: str, **options: Any) -> User:
        username = f"{prefix}{next(self._names)}"
        return User(self.moodle.add_user(username, PASSWORD, **options), username, PASSWORD)

    def new_course(self) -> Course:
        teacher, student = self._user("teacher"), self._user("student")
        course = self.moodle.add_course("Course", teachers=[teacher.id], students=[student.id])
        return Course(course, teacher, student)

    def new_manager(self) -> User:
        return self._user("manager", manager_of=[1])

    def take_quiz(self, course: Course, cmid: int, answers: list[Any]) -> list[float | None]:
        return self.moodle.grade(cmid, answers)

    def question_texts(self, cmid: int) -> list[str]:
        return [question["questiontext"] for question in self.moodle.modules[cmid]["questions"]]

    def page(self, cmid: int) -> dict[str, Any]:
        module = self.moodle.modules[cmid]
        return {"name": module["name"], "content": module["content"]}

    def module_count(self, course_id: int) -> int:
        return len(self.moodle.course_modules(course_id))

    def course_count(self) -> int:
        return len(self.moodle.courses)

    def roles_in(self, course_id: int, user_id: int) -> list[str]:
        names = {1: "manager", 3: "editingteacher", 5: "student"}
        role = self.moodle.courses[course_id]["enrolments"].get(user_id)
        return [] if role is None else [names[role]]


class RealScene:
    """The scene on the tier's real Moodle (``moodle_site``, tests/moodle/site.py)."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.base_url = site.wwwroot

    def _user(self, made: Any) -> User:
        return User(made.id, made.username, made.password)

    def new_course(self) -> Course:
        teacher, student = self.site.make_teacher(), self.site.make_student()
        course = self.site.make_course(teacher=teacher, students=(student,))
        return Course(course, self._user(teacher), self._user(student))

    def new_manager(self) -> User:
        made = self.site.make_user(prefix="manager")
        self.site.php("role_assign($DB->get_field('role', 'id', ['shortname' => 'manager']), "
                      "$args['userid'], context_coursecat::instance(1)->id); return true;",
                      userid=made.id)
        return self._user(made)

    def take_quiz(self, course: Course, cmid: int, answers: list[Any]) -> list[float | None]:
        token = self.site.token(course.student, "lms_test")
        quizid = self._instance(cmid)
        attempt = self.site.call(token, "mod_quiz_start_attempt", quizid=quizid,
                                 forcenew=True)["attempt"]["id"]
        data, page = [], 0
        while page != -1:
            shown = self.site.call(token, "mod_quiz_get_attempt_data", attemptid=attempt,
                                   page=page)
            for question in shown["questions"]:
                data += _responses(question, answers[question["slot"] - 1])
            page = shown["nextpage"]
        self.site.call(token, "mod_quiz_process_attempt", attemptid=attempt,
                       data=[{"name": name, "value": value} for name, value in data],
                       finishattempt=True)
        review = self.site.call(token, "mod_quiz_get_attempt_review", attemptid=attempt)
        return [_mark(question) for question in
                sorted(review["questions"], key=lambda question: question["slot"])]

    def question_texts(self, cmid: int) -> list[str]:
        return list(self.site.php(
            "return array_values($DB->get_fieldset_sql('SELECT q.questiontext FROM {quiz_slots} s"
            " JOIN {question_references} qr ON qr.itemid = s.id AND qr.component = ?"
            " AND qr.questionarea = ?"
            " JOIN {question_versions} qv ON qv.questionbankentryid = qr.questionbankentryid"
            " JOIN {question} q ON q.id = qv.questionid WHERE s.quizid = ? ORDER BY s.slot',"
            " ['mod_quiz', 'slot', $args['quizid']]));", quizid=self._instance(cmid)))

    def page(self, cmid: int) -> dict[str, Any]:
        found = self.site.php("return $DB->get_record('page', ['id' => $args['id']], "
                              "'name, content');", id=self._instance(cmid))
        return {"name": found["name"], "content": found["content"]}

    def module_count(self, course_id: int) -> int:
        return int(self.site.php("return $DB->count_records('course_modules', "
                                 "['course' => $args['course']]);", course=course_id))

    def course_count(self) -> int:
        return int(self.site.php("return $DB->count_records('course');"))

    def roles_in(self, course_id: int, user_id: int) -> list[str]:
        return sorted(self.site.php(
            "return array_values(array_map(fn($r) => $r->shortname, get_user_roles("
            "context_course::instance($args['course']), $args['user'], false)));",
            course=course_id, user=user_id))

    def _instance(self, cmid: int) -> int:
        return int(self.site.php("return $DB->get_field('course_modules', 'instance', "
                                 "['id' => $args['cmid']], MUST_EXIST);", cmid=cmid))


_PREFIX = re.compile(r'name="(q\d+:\d+_)')
_MATCH_ROW = re.compile(r'<td class="text">(.*?)</td>.*?<select[^>]*name="(q\d+:\d+_sub\d+)"'
                        r"[^>]*>(.*?)</select>", re.S)
_OPTION = re.compile(r'<option[^>]*value="(\d+)"[^>]*>(.*?)</option>', re.S)


def _responses(question: dict[str, Any], answer: Any) -> list[tuple[str, str]]:
    """The form fields a student's browser would post for ``answer`` (question/type/*/
    renderer.php names them ``q<usage>:<slot>_<field>``)."""
    shown = question["html"]
    prefix = _PREFIX.search(shown).group(1)  # type: ignore[union-attr]
    fields = [(f"{prefix}:sequencecheck", str(question["sequencecheck"]))]
    kind = question["type"]
    if kind == "multichoice" and isinstance(answer, list):
        fields += [(f"{prefix}choice{index}", "1") for index in answer]
    elif kind == "truefalse":
        fields.append((f"{prefix}answer", "1" if answer else "0"))
    elif kind == "match":
        for stem, name, options in _MATCH_ROW.findall(shown):
            choices = {_text(label): value for value, label in _OPTION.findall(options)}
            fields.append((name, choices.get(answer.get(_text(stem)), "0")))
    else:  # one answer field: an option's index, or the typed text
        fields.append((f"{prefix}answer", str(answer)))
        if kind == "essay":
            fields.append((f"{prefix}answerformat", "1"))
    return fields


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _mark(question: dict[str, Any]) -> float | None:
    """The review's ``mark`` as a number; None while a teacher must grade it."""
    if question.get("state") == "needsgrading" or question.get("mark") in (None, ""):
        return None
    return float(question["mark"])
