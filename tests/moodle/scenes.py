"""One scene, two sites: the real Moodle of the tier and the Moodle double, behind the same few
questions a provider test asks (who teaches, what a student scores, what landed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from lms_export_blueprint.testing.moodle.functions import section_name

from .quiz_taker import take_quiz

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

    def new_course_creator(self) -> User:
        """A user who may create courses in category 1, and nothing more (course creator)."""

    def take_quiz(self, course: Course, cmid: int, answers: list[Any]) -> list[float | None]:
        """The course's student answers the quiz; the mark of each question (None: an essay
        waiting for the teacher). Answers as a student gives them: an option's text, a list
        of them, True/False, the text typed, ``{prompt: match}``."""

    def question_texts(self, cmid: int) -> list[str]: ...

    def question_files(self, cmid: int) -> list[list[str]]:
        """The files in each question text's file area, by name."""

    def page(self, cmid: int) -> dict[str, Any]:
        """``{"name", "content"}`` of the page activity."""

    def module_count(self, course_id: int) -> int:
        """Quizzes and pages in the course (a new Moodle course also has its announcements
        forum, which is not counted)."""

    def course_count(self) -> int: ...

    def placement(self, cmid: int) -> tuple[str, int]:
        """The name of the module's section, and whether students see it (1/0)."""

    def quiz_fields(self, cmid: int) -> dict[str, int]:
        """The quiz's ``timelimit``, ``attempts``, ``timeclose`` and ``shuffleanswers``."""

    def section_names(self, course_id: int) -> list[str]:
        """The course's sections in order, by the names a teacher sees."""

    def roles_in(self, course_id: int, user_id: int) -> list[str]: ...

    def expire(self, token: str) -> None:
        """The token's ``validuntil`` passes."""

    def allow_email_login(self, user: User) -> str:
        """Users may sign in with their email (``authloginviaemail``); ``user``'s email."""

    def without_function(self, name: str) -> AbstractContextManager[None]:
        """While open, the site lacks the web-service function ``name`` (an older plugin)."""


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

    def new_course_creator(self) -> User:
        return self._user("creator", creator_of=[1])

    def take_quiz(self, course: Course, cmid: int, answers: list[Any]) -> list[float | None]:
        return self.moodle.grade(cmid, answers)

    def question_texts(self, cmid: int) -> list[str]:
        return [question["questiontext"] for question in self.moodle.modules[cmid]["questions"]]

    def question_files(self, cmid: int) -> list[list[str]]:
        return [question["files"] for question in self.moodle.modules[cmid]["questions"]]

    def page(self, cmid: int) -> dict[str, Any]:
        module = self.moodle.modules[cmid]
        return {"name": module["name"], "content": module["content"]}

    def module_count(self, course_id: int) -> int:
        return len(self.moodle.course_modules(course_id))

    def course_count(self) -> int:
        return len(self.moodle.courses)

    def placement(self, cmid: int) -> tuple[str, int]:
        module = self.moodle.modules[cmid]
        course = self.moodle.courses[module["course"]]
        return section_name(course, module["section"]), module["visible"]

    def quiz_fields(self, cmid: int) -> dict[str, int]:
        return {name: int(value) for name, value in self.moodle.modules[cmid]["settings"].items()
                if name in ("timelimit", "attempts", "timeclose", "shuffleanswers")}

    def section_names(self, course_id: int) -> list[str]:
        course = self.moodle.courses[course_id]
        return [section_name(course, number) for number in range(len(course["sections"]))]

    def expire(self, token: str) -> None:
        self.moodle.expire(token)

    def allow_email_login(self, user: User) -> str:
        self.moodle.login_by_email = True
        return str(self.moodle.users[user.id]["email"])

    def roles_in(self, course_id: int, user_id: int) -> list[str]:
        names = {1: "manager", 3: "editingteacher", 5: "student"}
        role = self.moodle.courses[course_id]["enrolments"].get(user_id)
        return [] if role is None else [names[role]]

    @contextmanager
    def without_function(self, name: str) -> Iterator[None]:
        self.moodle.drop_function(name)
        try:
            yield
        finally:
            self.moodle.missing_functions.discard(name)


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

    def new_course_creator(self) -> User:
        made = self.site.make_user(prefix="creator")
        self.site.php("role_assign($DB->get_field('role', 'id', ['shortname' => 'coursecreator']),"
                      " $args['userid'], context_coursecat::instance(1)->id); return true;",
                      userid=made.id)
        return self._user(made)

    def take_quiz(self, course: Course, cmid: int, answers: list[Any]) -> list[float | None]:
        token = self.site.token(course.student, "lms_test")
        return take_quiz(self.site, token, self._instance(cmid), answers).marks()

    def question_texts(self, cmid: int) -> list[str]:
        return list(self.site.php(
            "return array_values($DB->get_fieldset_sql('SELECT q.questiontext FROM {quiz_slots} s"
            " JOIN {question_references} qr ON qr.itemid = s.id AND qr.component = ?"
            " AND qr.questionarea = ?"
            " JOIN {question_versions} qv ON qv.questionbankentryid = qr.questionbankentryid"
            " JOIN {question} q ON q.id = qv.questionid WHERE s.quizid = ? ORDER BY s.slot',"
            " ['mod_quiz', 'slot', $args['quizid']]));", quizid=self._instance(cmid)))

    def question_files(self, cmid: int) -> list[list[str]]:
        found = self.site.php(
            "$ids = $DB->get_fieldset_sql('SELECT qv.questionid FROM {quiz_slots} s"
            " JOIN {question_references} qr ON qr.itemid = s.id AND qr.component = ?"
            " AND qr.questionarea = ?"
            " JOIN {question_versions} qv ON qv.questionbankentryid = qr.questionbankentryid"
            " WHERE s.quizid = ? ORDER BY s.slot', ['mod_quiz', 'slot', $args['quizid']]);"
            " return array_map(fn($id) => array_values($DB->get_fieldset_select('files',"
            " 'filename', 'component = ? AND filearea = ? AND itemid = ? AND filename <> ?',"
            " ['question', 'questiontext', $id, '.'])), $ids);", quizid=self._instance(cmid))
        return [list(names) for names in found]

    def page(self, cmid: int) -> dict[str, Any]:
        found = self.site.php("return $DB->get_record('page', ['id' => $args['id']], "
                              "'name, content');", id=self._instance(cmid))
        return {"name": found["name"], "content": found["content"]}

    def module_count(self, course_id: int) -> int:
        return int(self.site.php(
            "return $DB->count_records_sql('SELECT COUNT(cm.id) FROM {course_modules} cm"
            " JOIN {modules} m ON m.id = cm.module WHERE cm.course = ?"
            " AND m.name IN (?, ?)', [$args['course'], 'quiz', 'page']);",
            course=course_id))

    def course_count(self) -> int:
        return int(self.site.php("return $DB->count_records('course');"))

    def placement(self, cmid: int) -> tuple[str, int]:
        found = self.site.php(
            "$cm = get_coursemodule_from_id('', $args['cmid'], 0, true, MUST_EXIST);"
            " $course = get_course($cm->course);"
            " return [get_section_name($course, $cm->sectionnum), (int) $cm->visible];",
            cmid=cmid)
        return str(found[0]), int(found[1])

    def quiz_fields(self, cmid: int) -> dict[str, int]:
        found = self.site.php("return $DB->get_record('quiz', ['id' => $args['id']],"
                              " 'timelimit, attempts, timeclose, shuffleanswers');",
                              id=self._instance(cmid))
        return {name: int(value) for name, value in found.items()}

    def section_names(self, course_id: int) -> list[str]:
        return [str(name) for name in self.site.php(
            "$course = get_course($args['course']);"
            " return array_values(array_map(fn($number) => get_section_name($course, $number),"
            " $DB->get_fieldset_sql('SELECT section FROM {course_sections} WHERE course = ?"
            " ORDER BY section', [$args['course']])));", course=course_id)]

    def roles_in(self, course_id: int, user_id: int) -> list[str]:
        return sorted(self.site.php(
            "return array_values(array_map(fn($r) => $r->shortname, get_user_roles("
            "context_course::instance($args['course']), $args['user'], false)));",
            course=course_id, user=user_id))

    def allow_email_login(self, user: User) -> str:
        return str(self.site.php("set_config('authloginviaemail', 1);"
                                 " return $DB->get_field('user', 'email', ['id' => $args['id']]);",
                                 id=user.id))

    def expire(self, token: str) -> None:
        self.site.php("$DB->set_field('external_tokens', 'validuntil', time() - 60,"
                      " ['token' => $args['token']]); return true;", token=token)

    @contextmanager
    def without_function(self, name: str) -> Iterator[None]:
        # server.php finds a function by name in external_functions (no cache): renamed, it is
        # not there, as on a site whose plugin predates it; renamed back for the next test.
        rename = ("$DB->set_field('external_functions', 'name', $args['to'], "
                  "['name' => $args['from']]); return true;")
        self.site.php(rename, **{"from": name, "to": f"{name}_hidden"})
        try:
            yield
        finally:
            self.site.php(rename, **{"from": f"{name}_hidden", "to": name})

    def _instance(self, cmid: int) -> int:
        return int(self.site.php("return $DB->get_field('course_modules', 'instance', "
                                 "['id' => $args['cmid']], MUST_EXIST);", cmid=cmid))
