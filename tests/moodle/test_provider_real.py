"""The Moodle provider against a real Moodle 5.0, and the very same scenarios against
``live_moodle``: what the double answers is what Moodle answers (docs/testing-moodle.md).

Each scenario runs twice (``scene`` is parametrised): on the real site of the ``moodle`` tier
(skipped without a Moodle download, see docs/testing.md) and on the double. A teacher pushes
through the extension's routes; a student then takes the quiz (over web services on the real
site, tests/moodle/quiz_taker.py; ``grade()`` on the double) and the marks are compared with
what each question is worth.
"""

from __future__ import annotations

from typing import Any

import pytest
from host_app import COURSES, create_app

from lms_export_blueprint.formats.moodle import format_moodle

from .scenes import DoubleScene, RealScene, Scene

BEARER = {"Authorization": "Bearer demo-teacher-token"}
ASSETS = COURSES["bio-101"]["assets"]
QUIZ, NOTES = "photosynthesis-quiz", "lesson-notes"
#: The sample quiz's questions: multiple choice, multiple answer, true/false, short answer,
#: numerical, essay (5 points), matching.
RIGHT = ["Chlorophyll", ["O2", "CO2"], True, "Chloroplasts", "6", "Light splits water.",
         {"H2O": "water", "CO2": "carbon dioxide"}]
WRONG = ["Keratin", ["Fe"], False, "nucleus", "7", "No idea.",
         {"H2O": "carbon dioxide", "CO2": "water"}]


@pytest.fixture(params=["live_moodle", "real_moodle"])
def scene(request) -> Scene:
    if request.param == "live_moodle":
        return DoubleScene(request.getfixturevalue("live_moodle"))
    return RealScene(request.getfixturevalue("moodle_site"))


@pytest.fixture
def course(scene):
    return scene.new_course()


def client_for(scene: Scene):
    return create_app({"LMS_BASE_URL": scene.base_url, "LMS_PROVIDER": "moodle",
                       "LMS_TIMEOUT": 60, "LMS_DEADLINE": 180, "TESTING": True}).test_client()


def login(client, user) -> str:
    answer = client.post("/api/login-lms", headers=BEARER,
                         json={"username": user.username, "password": user.password})
    assert answer.status_code == 200, answer.json
    return answer.json["data"]["token"]


def push(client, token: str, **body: Any):
    body.setdefault("asset_names", [QUIZ, NOTES])
    return client.post("/api/courses/bio-101/push-to-lms", json=body,
                       headers={**BEARER, "X-LMS-Token": token})


def test_every_question_type_is_marked_as_the_asset_says(scene, course):
    client = client_for(scene)
    answer = push(client, login(client, course.teacher), asset_names=[QUIZ],
                  lms_course_id=str(course.id))
    assert answer.status_code == 200, answer.json
    quiz_cmid = int(answer.json["data"]["lms_content_ids"][0])

    assert scene.take_quiz(course, quiz_cmid, RIGHT) == [1, 1, 1, 1, 1, None, 1]
    assert scene.take_quiz(course, quiz_cmid, WRONG) == [0, 0, 0, 0, 0, None, 0]


def test_question_texts_and_the_page_read_as_the_assets_say(scene, course):
    client = client_for(scene)
    data = push(client, login(client, course.teacher), lms_course_id=str(course.id)).json["data"]
    quiz_cmid, page_cmid = map(int, data["lms_content_ids"])

    texts = [question["text"] for question in ASSETS[QUIZ]["asset_content"]["questions"]]
    assert scene.question_texts(quiz_cmid) == texts
    page = scene.page(page_cmid)
    assert page["name"] == "Light and dark reactions"
    assert page["content"] == format_moodle(ASSETS[NOTES])


def test_an_image_in_a_question_lands_in_its_file_area(scene, course, monkeypatch):
    gif = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    content = ASSETS[QUIZ]["asset_content"]
    first = {**content["questions"][0],
             "text": f'<p>Which leaf?</p><img src="data:image/gif;base64,{gif}" alt="">'}
    monkeypatch.setitem(ASSETS[QUIZ], "asset_content",
                        {**content, "questions": [first, *content["questions"][1:]]})
    client = client_for(scene)
    data = push(client, login(client, course.teacher), asset_names=[QUIZ],
                lms_course_id=str(course.id)).json["data"]

    files = scene.question_files(int(data["lms_content_ids"][0]))
    assert len(files[0]) == 1 and files[0][0].endswith(".gif")
    assert files[1:] == [[]] * 6
    assert "@@PLUGINFILE@@/" in scene.question_texts(int(data["lms_content_ids"][0]))[0]


def test_publish_false_and_module_place_hidden_activities_in_a_named_section(scene, course):
    client = client_for(scene)
    data = push(client, login(client, course.teacher), lms_course_id=str(course.id),
                publish=False, module="Week 1").json["data"]

    assert [scene.placement(int(cmid)) for cmid in data["lms_content_ids"]] == [
        ("Week 1", 0), ("Week 1", 0)]


def test_quiz_settings_become_the_quizs_fields(scene, course, monkeypatch):
    monkeypatch.setitem(ASSETS[QUIZ], "asset_content", {
        **ASSETS[QUIZ]["asset_content"], "settings": {
            "time_limit_minutes": 15, "allowed_attempts": 2, "shuffle_answers": False,
            "due_at": "2027-01-15T12:00:00Z"}})
    client = client_for(scene)
    data = push(client, login(client, course.teacher), asset_names=[QUIZ],
                lms_course_id=str(course.id)).json["data"]

    assert scene.quiz_fields(int(data["lms_content_ids"][0])) == {
        "timelimit": 900, "attempts": 2, "timeclose": 1800014400, "shuffleanswers": 0}


def test_a_retried_push_makes_nothing_new(scene, course):
    client = client_for(scene)
    token = login(client, course.teacher)
    key = {"Idempotency-Key": f"retry-{course.id}"}
    first = client.post("/api/courses/bio-101/push-to-lms", headers={
        **BEARER, "X-LMS-Token": token, **key},
        json={"asset_names": [QUIZ, NOTES], "lms_course_id": str(course.id)})
    count = scene.module_count(course.id)
    second = client.post("/api/courses/bio-101/push-to-lms", headers={
        **BEARER, "X-LMS-Token": token, **key},
        json={"asset_names": [QUIZ, NOTES], "lms_course_id": str(course.id)})

    assert second.json["data"]["lms_content_ids"] == first.json["data"]["lms_content_ids"]
    assert scene.module_count(course.id) == count


def test_a_page_pushed_again_replaces_itself(scene, course, monkeypatch):
    client = client_for(scene)
    token = login(client, course.teacher)
    first = push(client, token, asset_names=[NOTES], lms_course_id=str(course.id)).json["data"]
    monkeypatch.setitem(ASSETS[NOTES], "asset_content",
                        {"title": "Renamed notes", "body": "<p>Second version</p>"})
    second = push(client, token, asset_names=[NOTES], lms_course_id=str(course.id)).json["data"]

    assert second["lms_content_ids"] == first["lms_content_ids"]
    assert scene.module_count(course.id) == 1
    page = scene.page(int(first["lms_content_ids"][0]))
    assert (page["name"], page["content"]) == ("Renamed notes", "<p>Second version</p>")


def test_an_unknown_course_is_a_404_with_nothing_made(scene, course):
    client = client_for(scene)
    token = login(client, course.teacher)
    courses_before = scene.course_count()

    answer = push(client, token, lms_course_id="987654")

    assert answer.status_code == 404
    assert answer.json["detail"] == "LMS course not found"
    assert scene.course_count() == courses_before
    assert scene.module_count(course.id) == 0


def test_another_teachers_course_is_a_403_with_nothing_made(scene, course):
    other = scene.new_course()
    client = client_for(scene)

    answer = push(client, login(client, course.teacher), lms_course_id=str(other.id))

    # A visible course is listed to anyone signed in (its public information), so it is found,
    # then the plugin's validate_context refuses a teacher who is not in it.
    assert answer.status_code == 403
    assert "Course or activity not accessible" in answer.json["detail"]
    assert scene.module_count(other.id) == 0


def test_a_teacher_who_may_not_create_courses_is_a_403_naming_the_capability(scene, course):
    # The plugin's create_course checks moodle/course:create in the category before anything
    # else, as core_course_create_courses does (course/externallib.php): nothing is made.
    client = client_for(scene)
    courses_before = scene.course_count()

    answer = push(client, login(client, course.teacher))

    assert answer.status_code == 403
    assert answer.json["detail"].endswith("(Create courses).")
    assert scene.course_count() == courses_before


def test_a_new_course_holds_its_general_section_and_the_pushed_module_only(scene):
    # course/lib.php create_course() makes sections 0..numsections, and a course made through
    # web services is given no numsections: the site's default four are the course form's.
    manager = scene.new_manager()
    client = client_for(scene)
    answer = push(client, login(client, manager), asset_names=[NOTES], module="Week 1")

    assert answer.status_code == 200, answer.json
    assert scene.section_names(int(answer.json["data"]["lms_course_id"])) == [
        "General", "Week 1"]


def test_a_manager_gets_a_new_course_as_its_editing_teacher(scene):
    manager = scene.new_manager()
    client = client_for(scene)
    answer = push(client, login(client, manager), asset_names=[NOTES])

    assert answer.status_code == 200, answer.json
    course_id = int(answer.json["data"]["lms_course_id"])
    assert scene.roles_in(course_id, manager.id) == ["editingteacher"]
    assert scene.module_count(course_id) == 1


def test_a_course_creator_gets_the_new_course_as_its_editing_teacher_once(scene):
    # course/edit.php enrols a course's creator with $CFG->creatornewroleid (editingteacher on
    # a standard site, admin/settings/users.php) through lib/enrollib.php
    # enrol_try_internal_enrol; the plugin's create_course does the same, so a course creator
    # (moodle/course:create, no enrol/manual:enrol) fills the course it makes, and a retry with
    # the same key finds that course by its mark instead of making another.
    creator = scene.new_course_creator()
    client = client_for(scene)
    token = login(client, creator)
    courses_before = scene.course_count()
    key = {"Idempotency-Key": f"creator-{creator.id}"}
    first = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": [QUIZ, NOTES]},
                        headers={**BEARER, "X-LMS-Token": token, **key})
    again = client.post("/api/courses/bio-101/push-to-lms", json={"asset_names": [QUIZ, NOTES]},
                        headers={**BEARER, "X-LMS-Token": token, **key})

    assert (first.status_code, again.status_code) == (200, 200), (first.json, again.json)
    data = first.json["data"]
    assert again.json["data"]["lms_course_id"] == data["lms_course_id"]
    assert again.json["data"]["lms_content_ids"] == data["lms_content_ids"]
    assert scene.course_count() == courses_before + 1
    course_id = int(data["lms_course_id"])
    assert scene.roles_in(course_id, creator.id) == ["editingteacher"]
    assert scene.module_count(course_id) == 2
    quiz_cmid, page_cmid = map(int, data["lms_content_ids"])
    texts = [question["text"] for question in ASSETS[QUIZ]["asset_content"]["questions"]]
    assert scene.question_texts(quiz_cmid) == texts
    assert scene.page(page_cmid)["content"] == format_moodle(ASSETS[NOTES])


def test_a_site_whose_plugin_lacks_create_course_is_a_502_asking_for_the_upgrade(scene):
    # server.php looks the function up in external_functions first
    # (lib/external/classes/external_api.php, external_function_info): invalidrecord on that
    # table, not a missing course, and nothing is made.
    manager = scene.new_manager()
    client = client_for(scene)
    token = login(client, manager)
    courses_before = scene.course_count()
    with scene.without_function("local_lmsexport_create_course"):
        answer = push(client, token, asset_names=[NOTES])

    assert answer.status_code == 502
    assert answer.json["detail"].startswith(
        "LMS export failed: Moodle has no web-service function local_lmsexport_create_course: "
        "install or upgrade the Moodle plugin local_lmsexport")
    assert scene.course_count() == courses_before


def test_an_email_logs_in_where_the_site_allows_it(scene, course):
    client = client_for(scene)
    email = scene.allow_email_login(course.teacher)
    answer = client.post("/api/login-lms", headers=BEARER,
                         json={"email": email, "password": course.teacher.password})
    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["user"]["id"] == str(course.teacher.id)


def test_a_wrong_password_is_a_401(scene, course):
    client = client_for(scene)
    answer = client.post("/api/login-lms", headers=BEARER,
                         json={"username": course.teacher.username, "password": "wrong"})
    assert answer.status_code == 401


def test_an_expired_token_is_refused_once_then_invalid(scene, course):
    client = client_for(scene)
    token = login(client, course.teacher)
    scene.expire(token)

    first = push(client, token, asset_names=[NOTES], lms_course_id=str(course.id))
    assert first.status_code == 403
    assert first.json["detail"].endswith("Moodle said Access control exception")
    assert push(client, token, asset_names=[NOTES], lms_course_id=str(course.id)
                ).status_code == 401
    assert scene.module_count(course.id) == 0


def test_an_unknown_token_is_a_401(scene):
    client = client_for(scene)
    answer = client.post("/api/login-lms", headers=BEARER, json={"access_token": "0" * 32})
    assert answer.status_code == 401
