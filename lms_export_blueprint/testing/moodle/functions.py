"""The web-service functions of the ``lms_export`` service, as Moodle 5.0 answers them.

Core: ``core_webservice_get_site_info``, ``core_course_get_courses_by_field``,
``core_course_create_courses`` and ``enrol_manual_enrol_users`` (course/externallib.php,
enrol/manual/externallib.php); the plugin's ``local_lmsexport_create_course``,
``local_lmsexport_import_quiz`` and ``local_lmsexport_save_page``. Capabilities are acted out
by role: a category's managers may create courses and enrol there, its course creators only
create; a course's editing teachers may add activities.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .failures import MoodleFailure
from .quiz_xml import ImportFailed, read_questions

if TYPE_CHECKING:
    from .double import MoodleDouble

#: Role ids of a standard site (lib/db/install.php creates them in this order).
MANAGER, EDITING_TEACHER, STUDENT = 1, 3, 5

_NO_PERMISSION = "Sorry, but you do not currently have permissions to do that ({})."
#: The plugin's lang string ``cannotenrolcreator``.
_NO_CREATOR_ROLE = (
    "The course was not created: its creator could not be enrolled in it. Moodle enrols a "
    "course's creator through manual enrolment with the role set in Site administration > "
    "Users > Permissions > User policies > Creators' role in new courses; check that manual "
    "enrolment is enabled and that role is set.")


def _failure(exception: str, errorcode: str, message: str) -> MoodleFailure:
    return MoodleFailure(exception, errorcode, message)


def _not_accessible() -> MoodleFailure:
    """external_api::validate_context for a course the user is not in."""
    return _failure("require_login_exception", "requireloginerror",
                    "Course or activity not accessible.")


def _capability(name: str) -> MoodleFailure:
    return _failure("required_capability_exception", "nopermissions",
                    _NO_PERMISSION.format(name))


#: Sections after the general one of a course made with the course form: the site's default
#: (admin/settings/courses.php, ``moodlecourse/numsections``).
FORM_SECTIONS = 4


def new_course(course_id: int, fullname: str, shortname: str, category: int,
               idnumber: str, numsections: int = 0) -> dict[str, Any]:
    # course/lib.php create_course() makes sections 0..$data->numsections. Neither
    # core_course_create_courses nor the plugin passes numsections, so a course they make has
    # its general section only; the course form passes FORM_SECTIONS. No section is named
    # until a teacher names it.
    return {"id": course_id, "fullname": fullname, "shortname": shortname,
            "categoryid": category, "idnumber": idnumber, "summary": "", "visible": 1,
            "enrolments": {}, "sections": [None] * (numsections + 1)}


def site_info(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    first, _, last = user["fullname"].partition(" ")
    return {"sitename": "Moodle double", "username": user["username"], "firstname": first,
            "lastname": last, "fullname": user["fullname"], "lang": "en",
            "userid": user["id"], "siteurl": site.base_url, "release": "5.0 (Build: double)",
            "version": "2025041400",
            "functions": [{"name": name, "version": "2025041400"} for name in FUNCTIONS
                          if name not in site.missing_functions]}


def courses_by_field(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    """Every visible course (its public information: any signed-in user may view the course
    list), a hidden one only to its teachers and managers; the idnumber only to those who may
    update the course (course/externallib.php, ``get_courses_by_field``)."""
    field, value = params.get("field", ""), str(params.get("value", ""))
    if field not in ("", "id", "idnumber", "shortname", "category"):
        raise _failure("invalid_parameter_exception", "invalidparameter",
                       "Invalid parameter value detected (Invalid field name)")
    found = []
    for course in site.courses.values():
        key = "categoryid" if field == "category" else field
        if field and str(course[key]) != (str(_int(value)) if field in ("id", "category")
                                          else value):
            continue
        if not course["visible"] and not _may_update(site, user, course):
            continue
        shown = {name: course[name] for name in ("id", "fullname", "shortname", "categoryid",
                                                 "summary", "visible")}
        shown["displayname"] = course["fullname"]
        if _may_update(site, user, course):
            shown["idnumber"] = course["idnumber"]
        found.append(shown)
    return {"courses": found, "warnings": []}


def create_courses(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    made = []
    for course in params.get("courses", []):
        category = _creatable_category(site, user, course.get("categoryid"))
        idnumber = str(course.get("idnumber", ""))
        if idnumber and any(c["idnumber"] == idnumber for c in site.courses.values()):
            raise _idnumber_taken(idnumber)
        made.append(_add_course(site, course, category, idnumber))
    return made


def create_course(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    """The plugin's create_course: ``moodle/course:create`` in the category first; then the
    course holding ``idnumber`` when the caller is enrolled in it (``courseidnumbertaken`` when
    not), else a new course with the caller enrolled in the site's creators' role
    (``creator_role``, ``$CFG->creatornewroleid``; none set: ``cannotenrolcreator``, no course)."""
    for required in ("fullname", "shortname", "idnumber"):
        if not str(params.get(required, "")).strip():
            raise _failure("moodle_exception", "errorinvalidparam",
                           f'The param "{required}" is invalid.')
    category = _creatable_category(site, user, params.get("categoryid"))
    idnumber = str(params["idnumber"]).strip()
    existing = next((c for c in site.courses.values() if c["idnumber"] == idnumber), None)
    if existing is not None:
        if user["id"] not in existing["enrolments"]:
            raise _idnumber_taken(idnumber)
        return {"id": existing["id"], "shortname": existing["shortname"]}
    if site.creator_role is None:
        raise _failure("moodle_exception", "cannotenrolcreator", _NO_CREATOR_ROLE)
    made = _add_course(site, params, category, idnumber)
    site.courses[made["id"]]["enrolments"][user["id"]] = site.creator_role
    return made


def _creatable_category(site: MoodleDouble, user: dict[str, Any], value: Any) -> int:
    """validate_context in the category, then ``moodle/course:create`` there."""
    category = _int(value)
    if category not in site.categories:
        raise _failure("moodle_exception", "errorcatcontextnotvalid",
                       f"You cannot execute functions in the category context "
                       f"(category id:{category}). The context error message was: "
                       f"Invalid parameter value detected")
    if user["id"] not in (site.categories[category]["managers"]
                          | site.categories[category]["creators"]):
        raise _capability("Create courses")
    return category


def _idnumber_taken(idnumber: str) -> MoodleFailure:
    return _failure("moodle_exception", "courseidnumbertaken",
                    f"ID number is already used for another course ({idnumber})")


def _add_course(site: MoodleDouble, course: dict[str, Any], category: int,
                idnumber: str) -> dict[str, Any]:
    """course/lib.php create_course: a short name is unique on the site."""
    if any(c["shortname"] == course["shortname"] for c in site.courses.values()):
        raise _failure("moodle_exception", "shortnametaken",
                       f"Short name is already used for another course "
                       f"({course['shortname']})")
    course_id = site.next_id()
    site.courses[course_id] = new_course(course_id, course["fullname"], course["shortname"],
                                         category, idnumber)
    site.courses[course_id]["summary"] = course.get("summary", "")
    return {"id": course_id, "shortname": course["shortname"]}


def enrol_users(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    """validate_context in the course, then ``enrol/manual:enrol`` (a course creator, who is
    in no course they make, fails the first)."""
    for enrolment in params.get("enrolments", []):
        course = _course(site, enrolment.get("courseid"))
        if not _may_see(site, user, course):
            raise _not_accessible()
        if user["id"] not in site.categories[course["categoryid"]]["managers"]:
            raise _capability("Enrol users")
        course["enrolments"][_int(enrolment["userid"])] = _int(enrolment["roleid"])
    return None


def import_quiz(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    course = _editable_course(site, user, params)
    existing = _module_with_idnumber(site, course, params, "quiz")
    if existing is not None:
        return {"cmid": existing["cmid"], "quizid": existing["instance"]}
    try:
        questions = read_questions(str(params.get("questionsxml", "")))
    except ImportFailed:
        raise _failure("moodle_exception", "cannotimport", "Import error") from None
    if not questions:
        raise _failure("moodle_exception", "cannotimport", "Import error")
    module = _add_module(site, course, "quiz", params)
    module["questions"] = questions
    module["intro"] = str(params.get("intro", ""))
    # Each setting left out takes the site default (the plugin's execute_parameters).
    module["settings"] = dict(params.get("settings") or {})
    module["grade"] = sum(question["defaultgrade"] for question in questions)
    return {"cmid": module["cmid"], "quizid": module["instance"]}


def save_page(site: MoodleDouble, user: dict[str, Any], params: dict[str, Any]) -> Any:
    course = _editable_course(site, user, params)
    module = _module_with_idnumber(site, course, params, "page")
    if module is None:
        module = _add_module(site, course, "page", params)
    module["name"] = str(params.get("name", ""))
    module["content"] = str(params.get("content", ""))
    module["visible"] = _flag(params.get("visible"))
    return {"cmid": module["cmid"]}


def _editable_course(site: MoodleDouble, user: dict[str, Any],
                     params: dict[str, Any]) -> dict[str, Any]:
    """validate_context, then ``moodle/course:manageactivities`` in the course."""
    course = _course(site, params.get("courseid"))
    if not _may_see(site, user, course):
        raise _not_accessible()
    if not _may_update(site, user, course):
        raise _capability("Manage activities")
    return course


def _module_with_idnumber(site: MoodleDouble, course: dict[str, Any], params: dict[str, Any],
                          modname: str) -> dict[str, Any] | None:
    """The plugin's placement::find_by_idnumber: a module of another kind is an error."""
    idnumber = str(params.get("idnumber", "")).strip()
    if not idnumber:
        return None
    found = next((module for module in site.modules.values()
                  if module["course"] == course["id"] and module["idnumber"] == idnumber), None)
    if found is not None and found["modname"] != modname:
        raise _failure("moodle_exception", "idnumbertaken",
                       f"The idnumber {idnumber} belongs to a {found['modname']} in this "
                       f"course, not a {modname}.")
    return found


def section_name(course: dict[str, Any], number: int) -> str:
    """format_topics' get_section_name: the section's own name, else its default one."""
    own = course["sections"][number]
    return own if own else ("General" if number == 0 else "New section")


def _section_number(course: dict[str, Any], name: str) -> int:
    """The plugin's placement::section_number: the first section whose own name, then whose
    shown name, is ``name``; else a new section of that name; '' is the first section."""
    if not name:
        return 0
    for shown in (False, True):
        for number, own in enumerate(course["sections"]):
            if (section_name(course, number) if shown else own) == name:
                return number
    course["sections"].append(name)
    return len(course["sections"]) - 1


def _add_module(site: MoodleDouble, course: dict[str, Any], modname: str,
                params: dict[str, Any]) -> dict[str, Any]:
    cmid = site.next_id()
    module = {"cmid": cmid, "instance": site.next_id(), "course": course["id"],
              "modname": modname, "name": str(params.get("name", "")),
              "idnumber": str(params.get("idnumber", "")),
              "visible": _flag(params.get("visible")),
              "section": _section_number(course, str(params.get("section", "")))}
    site.modules[cmid] = module
    return module


def _course(site: MoodleDouble, value: Any) -> dict[str, Any]:
    course = site.courses.get(_int(value))
    if course is None:
        raise _failure("dml_missing_record_exception", "invalidrecord",
                       "Can't find data record in database table course.")
    return course


def _may_see(site: MoodleDouble, user: dict[str, Any], course: dict[str, Any]) -> bool:
    return user["id"] in course["enrolments"] or _may_update(site, user, course)


def _may_update(site: MoodleDouble, user: dict[str, Any], course: dict[str, Any]) -> bool:
    role = course["enrolments"].get(user["id"])
    return role in (MANAGER, EDITING_TEACHER) or (
        user["id"] in site.categories[course["categoryid"]]["managers"])


def _int(value: Any) -> int:
    """PARAM_INT as clean_param reads it: digits, or 0."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else 0


def _flag(value: Any) -> int:
    return 1 if str(value) in ("1", "true") else 0


FUNCTIONS: dict[str, Callable[[MoodleDouble, dict[str, Any], dict[str, Any]], Any]] = {
    "core_webservice_get_site_info": site_info,
    "core_course_get_courses_by_field": courses_by_field,
    "core_course_create_courses": create_courses,
    "enrol_manual_enrol_users": enrol_users,
    "local_lmsexport_create_course": create_course,
    "local_lmsexport_import_quiz": import_quiz,
    "local_lmsexport_save_page": save_page,
}
