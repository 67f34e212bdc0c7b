"""The `lms_export` service as the provider meets it: a teacher signs in through
login/token.php and reaches the plugin's functions and the core ones the provider calls."""

from __future__ import annotations

import pytest

from .site import MoodleCallError

PROVIDER_CALLS = {"local_lmsexport_create_course", "local_lmsexport_import_quiz",
                  "local_lmsexport_save_page", "core_webservice_get_site_info",
                  "core_course_get_courses_by_field", "core_course_get_contents",
                  "core_enrol_get_users_courses"}


def test_a_teacher_signs_in_and_the_service_holds_every_call_the_provider_makes(
        moodle_site, moodle_course):
    login = moodle_site.login(moodle_course.teacher.username, moodle_course.teacher.password)

    info = moodle_site.call(login["token"], "core_webservice_get_site_info")
    assert info["userid"] == moodle_course.teacher.id
    assert {function["name"] for function in info["functions"]} >= PROVIDER_CALLS
    found = moodle_site.call(login["token"], "core_course_get_courses_by_field", field="id",
                             value=moodle_course.id)
    assert [course["id"] for course in found["courses"]] == [moodle_course.id]


def test_a_wrong_password_is_invalidlogin(moodle_site, moodle_course):
    answer = moodle_site.login(moodle_course.teacher.username, "not-the-password")

    assert answer["errorcode"] == "invalidlogin"
    assert "token" not in answer


def test_a_teacher_without_the_right_to_create_courses_is_refused(moodle_site, moodle_course):
    with pytest.raises(MoodleCallError) as refused:
        moodle_site.call(moodle_course.teacher_token, "local_lmsexport_create_course",
                         fullname="New", shortname="NEW1", categoryid=1, idnumber="new-1")

    assert refused.value.errorcode == "nopermissions"
    assert "(Create courses)" in refused.value.message
