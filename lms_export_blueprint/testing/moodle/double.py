"""MoodleDouble: an in-memory Moodle 5.0 site with web services and the ``local_lmsexport`` plugin.

It answers ``POST /login/token.php`` and ``POST /webservice/rest/server.php`` as Moodle does:
HTTP 200 for every answer, failures as ``{"exception", "errorcode", "message"}``
(webservice/rest/locallib.php) or, from token.php, ``{"error", "errorcode"}``. It knows nothing
of transports: ``FakeMoodle`` serves it through ``responses``, ``LiveMoodle`` through a real
HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..reference_lms import Fault, FaultQueue, LMSResponse, Outcome
from . import functions, grading
from .failures import MoodleFailure
from .params import parse_form

#: The service the plugin defines (its db/services.php); a login asks for it by shortname.
SERVICE = "lms_export"


@dataclass(frozen=True)
class MoodleCall:
    """One request the site received: the function called (or ``token.php``) and its
    parameters as PHP read them (``wstoken`` and ``password`` left out)."""

    function: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)


class MoodleDouble:
    """Users, tokens, courses and their quizzes and pages, in memory; thread-safe."""

    def __init__(self, *, base_url: str = "https://moodle.example.test",
                 service: str = SERVICE) -> None:
        self._base_url = base_url.rstrip("/")
        self.service = service
        #: ``$CFG->authloginviaemail``: a login may name the user's email (unique on the site).
        self.login_by_email = False
        self.users: dict[int, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.categories: dict[int, dict[str, Any]] = {1: {"id": 1, "name": "Category 1",
                                                          "managers": set(),
                                                          "creators": set()}}
        self.courses: dict[int, dict[str, Any]] = {}
        self.modules: dict[int, dict[str, Any]] = {}
        #: ``$CFG->creatornewroleid``: the role the plugin's create_course gives the course's
        #: creator (editing teacher on a standard site); None: the administrator chose none.
        self.creator_role: int | None = functions.EDITING_TEACHER
        #: Functions the site does not have (an older plugin): see ``drop_function``.
        self.missing_functions: set[str] = set()
        self.calls: list[MoodleCall] = []
        self.faults = FaultQueue()
        self.lock = threading.RLock()
        self._ids = itertools.count(2)  # course 1 is the site's front page in Moodle

    @property
    def base_url(self) -> str:
        return self._base_url

    # --- set-up ------------------------------------------------------------------------------

    def add_user(self, username: str, password: str = "Passw0rd!", *,
                 fullname: str | None = None, email: str | None = None,
                 manager_of: Iterable[int] = (), creator_of: Iterable[int] = (),
                 may_make_tokens: bool = True) -> int:
        """A user; ``manager_of`` lists category ids where they may create courses and enrol
        (Moodle's manager role there), ``creator_of`` those where they may only create them
        (the course creator role: ``enrol/manual:enrol`` is a manager's and an editing
        teacher's, enrol/manual/db/access.php); ``may_make_tokens``:
        ``moodle/webservice:createtoken``."""
        with self.lock:
            user_id = self.next_id()
            self.users[user_id] = {"id": user_id, "username": username.lower(),
                                   "email": email or f"{username.lower()}@example.edu",
                                   "password": password,
                                   "fullname": fullname or username.title(),
                                   "may_make_tokens": may_make_tokens}
            for category in manager_of:
                self.categories[category]["managers"].add(user_id)
            for category in creator_of:
                self.categories[category]["creators"].add(user_id)
            return user_id

    def issue_token(self, user_id: int) -> str:
        """A token the administrator made for ``user_id`` (32 hex characters, as Moodle's)."""
        with self.lock:
            token = secrets.token_hex(16)
            self.tokens[token] = {"userid": user_id, "expired": False}
            return token

    def expire(self, token: str) -> None:
        """Past its ``validuntil``: answered ``accessexception`` once, then ``invalidtoken``
        (webservice/lib.php deletes an expired token as it refuses it)."""
        with self.lock:
            self.tokens[token]["expired"] = True

    def add_course(self, fullname: str = "Course", *, category: int = 1,
                   teachers: Iterable[int] = (), students: Iterable[int] = (),
                   visible: bool = True) -> int:
        """A course as a teacher makes it with the course form (the site's default sections);
        ``visible`` False hides it from all but its teachers and managers."""
        with self.lock:
            course_id = self.next_id()
            shortname = f"C{course_id}"
            self.courses[course_id] = functions.new_course(
                course_id, fullname, shortname, category, "", functions.FORM_SECTIONS)
            self.courses[course_id]["visible"] = 1 if visible else 0
            for user in teachers:
                self.courses[course_id]["enrolments"][user] = functions.EDITING_TEACHER
            for user in students:
                self.courses[course_id]["enrolments"][user] = functions.STUDENT
            return course_id

    def next_id(self) -> int:
        return next(self._ids)

    def drop_function(self, name: str) -> None:
        """The site lacks ``name``, as one with an older plugin does: calls answer
        ``invalidrecord`` on the ``external_functions`` table (server.php looks a function up
        there first, lib/external/classes/external_api.php ``external_function_info``)."""
        with self.lock:
            self.missing_functions.add(name)

    def fail_next(self, errorcode: str, message: str = "", *, function: str | None = None,
                  exception: str = "moodle_exception", times: int = 1) -> None:
        """The next call (of ``function``) answers Moodle's error body with ``errorcode``."""
        body = json.dumps({"exception": exception, "errorcode": errorcode,
                           "message": message or errorcode}).encode()
        self.faults.add(Fault("status", times, status=200, body=body,
                              headers={"Content-Type": "application/json"},
                              path=function))

    def refuse_next(self, *, function: str | None = None, times: int = 1,
                    after_processing: bool = False) -> None:
        """Drop the connection of the next call (of ``function``); ``after_processing``:
        Moodle did the work first, the answer is lost."""
        self.faults.add(Fault("refuse", times, path=function, after_processing=after_processing))

    # --- reading what landed -----------------------------------------------------------------

    def functions_called(self) -> list[str]:
        return [call.function for call in self.calls]

    def course_modules(self, course_id: int) -> list[dict[str, Any]]:
        return [module for module in self.modules.values() if module["course"] == course_id]

    def grade(self, cmid: int | str, answers: list[Any]) -> list[float | None]:
        """The marks Moodle gives a student's ``answers`` to the quiz at ``cmid``, one per
        question in quiz order (see ``grading``): None where a teacher must grade.

        An answer is what the student gives: an option's text or index (a list of them for
        several right answers), True/False, the text typed, ``{prompt: match}``."""
        quiz = self.modules[int(cmid)]
        if len(answers) != len(quiz["questions"]):
            raise ValueError(f"{len(quiz['questions'])} questions, {len(answers)} answers")
        return [grading.mark(question, answer)
                for question, answer in zip(quiz["questions"], answers, strict=True)]

    # --- the site ----------------------------------------------------------------------------

    def dispatch(self, method: str, target: str, headers: dict[str, str],
                 body: bytes) -> Outcome:
        path, _, query = target.partition("?")
        params = parse_form(body, query)
        name = "token.php" if path.endswith("/login/token.php") else str(
            params.get("wsfunction", ""))
        fault = self.faults.take(method, name)
        if fault is not None and fault.kind == "refuse" and not fault.after_processing:
            return Outcome(None, fault)
        with self.lock:
            self.calls.append(MoodleCall(name, _shown(params)))
        if fault is None:
            return Outcome(self.handle(method, path, params), None)
        if fault.after_processing:
            self.handle(method, path, params)
        return Outcome(fault.response() if fault.kind == "status" else None, fault)

    def handle(self, method: str, path: str, params: dict[str, Any]) -> LMSResponse:
        with self.lock:
            # Both scripts read array_merge($_GET, $_POST): any method will do.
            if path == "/login/token.php" and method in ("GET", "POST"):
                return self._token_php(params)
            if path == "/webservice/rest/server.php" and method in ("GET", "POST"):
                return self._rest_server(params)
            return LMSResponse(404, b"Not found", {"Content-Type": "text/html"})

    def _token_php(self, params: dict[str, Any]) -> LMSResponse:
        """login/token.php: a user's token for the service, or the AJAX error body."""
        user = self._user_named(str(params.get("username", "")).strip().lower())
        if user is not None and user["password"] != params.get("password"):
            user = None
        try:
            if user is None:
                raise MoodleFailure("moodle_exception", "invalidlogin",
                                    "Invalid login, please try again")
            if params.get("service") != self.service:
                raise MoodleFailure("moodle_exception", "servicenotavailable",
                                    "Web service is not available. (It doesn't exist or "
                                    "might be disabled.)")
            token = self._token_of(user)
        except MoodleFailure as failure:
            return LMSResponse.json(200, {"error": failure.message,
                                          "errorcode": failure.errorcode, "stacktrace": None,
                                          "debuginfo": None, "reproductionlink": None})
        return LMSResponse.json(200, {"token": token, "privatetoken": None})

    def _user_named(self, login: str) -> dict[str, Any] | None:
        """lib/moodlelib.php, ``authenticate_user_login``: by username, else (with
        ``authloginviaemail``) by an email only one user has."""
        found = [user for user in self.users.values() if user["username"] == login]
        if not found and self.login_by_email:
            found = [user for user in self.users.values() if user["email"].lower() == login]
        return found[0] if len(found) == 1 else None

    def _token_of(self, user: dict[str, Any]) -> str:
        """The user's existing token, or a new one if they may make tokens
        (lib/external/classes/util.php, ``generate_token_for_current_user``)."""
        for token, record in self.tokens.items():
            if record["userid"] == user["id"] and not record["expired"]:
                return token
        if not user["may_make_tokens"]:
            raise MoodleFailure("moodle_exception", "cannotcreatetoken",
                                f"No permission to create web service token for the service "
                                f"{self.service}.")
        return self.issue_token(user["id"])

    def _rest_server(self, params: dict[str, Any]) -> LMSResponse:
        try:
            user = self._authenticate(str(params.pop("wstoken", "")))
            name = str(params.pop("wsfunction", ""))
            params.pop("moodlewsrestformat", None)
            if name in self.missing_functions:
                raise MoodleFailure("dml_missing_record_exception", "invalidrecord",
                                    "Can't find data record in database table "
                                    "external_functions.")
            handler = functions.FUNCTIONS.get(name)
            if handler is None:
                raise MoodleFailure("webservice_access_exception", "accessexception",
                                    "Access control exception")
            return LMSResponse.json(200, handler(self, user, params))
        except MoodleFailure as failure:
            return LMSResponse.json(200, {"exception": failure.exception,
                                          "errorcode": failure.errorcode,
                                          "message": failure.message})

    def _authenticate(self, token: str) -> dict[str, Any]:
        """webservice/lib.php, ``authenticate_by_token``."""
        record = self.tokens.get(token)
        if record is None:
            raise MoodleFailure("moodle_exception", "invalidtoken",
                                "Invalid token - token not found")
        if record["expired"]:
            del self.tokens[token]
            raise MoodleFailure("webservice_access_exception", "accessexception",
                                "Access control exception")
        return self.users[record["userid"]]


def _shown(params: dict[str, Any]) -> dict[str, Any]:
    """The call's parameters without its secrets, as the double records them."""
    return {key: value for key, value in params.items()
            if key not in ("wstoken", "password")}

