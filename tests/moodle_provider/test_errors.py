"""Moodle's HTTP-200 error bodies, by errorcode, as our statuses (docs/moodle.md)."""

from __future__ import annotations

import pytest

from .conftest import NOTES, PASSWORD, QUIZ, push, state_of


def test_an_invalid_token_is_a_401_and_the_token_leaves_the_store(app, client, moodle, manager,
                                                                  lms_token):
    assert state_of(app).tokens.bound_user(lms_token) == "teacher-1"
    del moodle.tokens[lms_token]
    answer = push(client, lms_token)
    assert answer.status_code == 401
    assert answer.json["detail"] == "LMS token expired or invalid"
    assert state_of(app).tokens.bound_user(lms_token) is None


def test_an_expired_token_is_refused_once_then_invalid(client, moodle, manager, lms_token):
    moodle.expire(lms_token)
    first = push(client, lms_token)
    assert first.status_code == 403
    assert "Moodle said Access control exception" in first.json["detail"]
    assert push(client, lms_token).status_code == 401


def test_a_teacher_without_course_create_is_a_403_naming_the_capability(client, moodle):
    moodle.add_user("tom", PASSWORD)
    token = client.post("/api/login-lms", headers={"Authorization": "Bearer demo-teacher-token"},
                        json={"username": "tom", "password": PASSWORD}).json["data"]["token"]
    answer = push(client, token)
    assert answer.status_code == 403
    assert answer.json["detail"] == (
        "Insufficient permissions for LMS operation: Moodle said Sorry, but you do not "
        "currently have permissions to do that (Create courses).")
    assert moodle.courses == {} and moodle.modules == {}


def test_a_site_with_an_older_plugin_is_a_502_asking_for_the_upgrade(client, moodle, manager,
                                                                      lms_token):
    # Moodle looks a function up in external_functions before anything else: one the site
    # lacks is invalidrecord on that table, which must not read as a missing course.
    moodle.drop_function("local_lmsexport_create_course")
    answer = push(client, lms_token)
    assert answer.status_code == 502
    assert answer.json["detail"] == (
        "LMS export failed: Moodle has no web-service function local_lmsexport_create_course: "
        "install or upgrade the Moodle plugin local_lmsexport on the site (`flask lms "
        "moodle-plugin` writes its zip; docs/moodle-plugin.md)")
    assert moodle.courses == {} and moodle.modules == {}


def test_a_site_without_the_plugin_is_a_502_naming_it_not_a_missing_course(client, moodle,
                                                                           manager, lms_token):
    course = moodle.add_course("Biology", teachers=[manager])
    moodle.drop_function("local_lmsexport_import_quiz")
    answer = push(client, lms_token, asset_names=[QUIZ], lms_course_id=str(course))
    assert answer.status_code == 502
    assert "no web-service function local_lmsexport_import_quiz" in answer.json["detail"]


def test_a_student_of_the_course_cannot_add_activities(client, moodle):
    student = moodle.add_user("stu", PASSWORD)
    course = moodle.add_course("Biology", students=[student])
    token = client.post("/api/login-lms", headers={"Authorization": "Bearer demo-teacher-token"},
                        json={"username": "stu", "password": PASSWORD}).json["data"]["token"]
    answer = push(client, token, lms_course_id=str(course))
    assert answer.status_code == 403
    assert "(Manage activities)" in answer.json["detail"]
    assert answer.json["data"]["exported_assets"][0]["status"] == "failed"


@pytest.mark.parametrize(("errorcode", "exception", "status"), [
    ("nopermissions", "required_capability_exception", 403),
    ("accessexception", "webservice_access_exception", 403),
    ("requireloginerror", "require_login_exception", 403),
    ("invalidrecord", "dml_missing_record_exception", 404),
    ("invalidrecordunknown", "dml_missing_record_exception", 404),
    ("cannotimport", "moodle_exception", 502),
    ("invalidparameter", "invalid_parameter_exception", 502),
])
def test_each_errorcode_of_the_quiz_import_reads_as_its_status(client, moodle, manager,
                                                               lms_token, errorcode, exception,
                                                               status):
    moodle.fail_next(errorcode, f"Moodle says {errorcode}", exception=exception,
                     function="local_lmsexport_import_quiz")
    answer = push(client, lms_token, asset_names=[NOTES, QUIZ])
    assert answer.status_code == status
    statuses = answer.json["data"]["exported_assets"]
    assert [asset["status"] for asset in statuses] == ["success", "failed"]
    if status != 404:
        assert f"Moodle says {errorcode}" in answer.json["detail"]
    assert "(asset 'photosynthesis-quiz')" in answer.json["detail"]


def test_malformed_xml_from_the_plugin_is_a_502_with_moodles_message(client, moodle, manager,
                                                                     lms_token):
    moodle.fail_next("cannotimport", "Import error", function="local_lmsexport_import_quiz")
    answer = push(client, lms_token, asset_names=[QUIZ])
    assert answer.status_code == 502
    assert answer.json["detail"].startswith("LMS export failed: Moodle said Import error")


def test_the_token_never_shows_in_an_error(client, moodle, manager, lms_token):
    moodle.fail_next("invalidparameter", f"bad wstoken={lms_token}",
                     function="local_lmsexport_save_page")
    answer = push(client, lms_token, asset_names=[NOTES])
    assert answer.status_code == 502
    assert lms_token not in answer.get_data(as_text=True)


def test_rest_switched_off_is_a_403(client, moodle, manager, lms_token):
    # webservice/rest/server.php answers HTTP 403 with no body when REST is not enabled.
    from lms_export_blueprint.testing.reference_lms import Fault
    moodle.faults.add(Fault("status", status=403, body=b"",
                            path="core_course_get_courses_by_field"))
    assert push(client, lms_token).status_code == 403
