"""The plugin local_lmsexport alone, over REST on a real Moodle 5.0: the `moodle` format's XML
imported by Moodle's own qformat_xml, a quiz a student takes and Moodle marks, pages saved and
replaced, retries that make nothing twice, and failures that leave nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from lms_export_blueprint.formats import format_asset_for_lms

from .quiz_taker import take_quiz
from .site import MoodleCallError

#: One question of every type the `moodle` format writes (lms_export_blueprint/formats/moodle.py).
QUIZ = {
    "title": "Photosynthesis check",
    "instructions": "Answer <b>all</b>.",
    "questions": [
        {"type": "multiple_choice", "text": "Which pigment absorbs light?",
         "options": ["Chlorophyll", "Keratin", "Melanin"], "answer": 0, "points": 2},
        {"type": "multiple_answer", "text": "Pick the gases.",
         "options": ["O2", "Fe", "CO2", "N2"], "answers": [0, 2, 3], "points": 3},
        {"type": "true_false", "text": "Plants only respire at night.", "answer": False},
        {"type": "short_answer", "text": "Name the organelle.", "answers": ["chloroplast"]},
        {"type": "numerical", "text": "Carbon atoms in glucose?", "answer": 6,
         "tolerance": 0.5, "points": 1.5},
        {"type": "essay", "text": "Explain the light reactions.", "points": 5},
        {"type": "matching", "text": "Match the formula.", "points": 2,
         "pairs": [{"prompt": "H2O", "match": "water"},
                   {"prompt": "CO2", "match": "carbon dioxide"}],
         "distractors": ["glucose"]},
    ],
}
POINTS = [2.0, 3.0, 1.0, 1.0, 1.5, 5.0, 2.0]
ESSAY = 5
RIGHT = ["Chlorophyll", ["O2", "CO2", "N2"], False, "Chloroplast", "6.4",
         "Light splits water.", {"H2O": "water", "CO2": "carbon dioxide"}]
WRONG = ["Keratin", ["Fe"], True, "mitochondrion", "9", "No idea.",
         {"H2O": "carbon dioxide", "CO2": "glucose"}]

COUNTS = """
$course = (int) $args['courseid'];
$questions = $DB->count_records_sql(
    "SELECT COUNT(1) FROM {question_bank_entries} qbe
       JOIN {question_categories} qc ON qc.id = qbe.questioncategoryid
       JOIN {context} ctx ON ctx.id = qc.contextid AND ctx.contextlevel = " . CONTEXT_MODULE . "
       JOIN {course_modules} cm ON cm.id = ctx.instanceid
      WHERE cm.course = ?", [$course]);
return ['modules' => $DB->count_records('course_modules', ['course' => $course]),
        'quizzes' => $DB->count_records('quiz', ['course' => $course]),
        'pages' => $DB->count_records('page', ['course' => $course]),
        'sections' => $DB->count_records('course_sections', ['course' => $course]),
        'questions' => $questions];
"""


def moodle_xml(content: dict[str, Any]) -> str:
    asset = {"asset_name": "quiz1", "asset_type": "quiz", "asset_content": content}
    return format_asset_for_lms(asset, "moodle")["content"]


def import_quiz(site, token: str, courseid: int, content: dict[str, Any] = QUIZ,
                **options: Any) -> dict[str, int]:
    return site.call(token, "local_lmsexport_import_quiz", courseid=courseid,
                     name=content["title"], intro="<p>Read carefully.</p>",
                     questionsxml=moodle_xml(content), **options)


def counts(site, courseid: int) -> dict[str, int]:
    return site.php(COUNTS, courseid=courseid)


def quiz_record(site, quizid: int) -> dict[str, Any]:
    return site.php("return $DB->get_record('quiz', ['id' => $args['quizid']]);", quizid=quizid)


def test_every_question_type_answered_right_earns_its_points(moodle_site, moodle_course):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id)

    result = take_quiz(moodle_site, moodle_course.student_test_token, quiz["quizid"], RIGHT)

    expected = [None if slot == ESSAY else points for slot, points in enumerate(POINTS)]
    assert result.marks() == expected
    assert result.states()[ESSAY] == "needsgrading"
    assert all(state == "gradedright" for slot, state in enumerate(result.states())
               if slot != ESSAY)


def test_every_question_type_answered_wrong_earns_nothing(moodle_site, moodle_course):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id)

    result = take_quiz(moodle_site, moodle_course.student_test_token, quiz["quizid"], WRONG)

    assert result.marks() == [None if slot == ESSAY else 0.0 for slot in range(len(POINTS))]
    assert result.states()[ESSAY] == "needsgrading"


def test_the_quiz_is_worth_the_points_of_its_questions(moodle_site, moodle_course):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id)

    record = quiz_record(moodle_site, quiz["quizid"])
    slots = moodle_site.php("return array_values($DB->get_fieldset_select('quiz_slots', "
                            "'maxmark', 'quizid = ? ORDER BY slot', [$args['quizid']]));",
                            quizid=quiz["quizid"])
    assert [float(mark) for mark in slots] == POINTS
    assert float(record["sumgrades"]) == sum(POINTS)
    assert float(record["grade"]) == sum(POINTS)


def test_the_question_texts_read_as_the_asset_says(moodle_site, moodle_course):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id)
    token = moodle_course.student_test_token
    attempt = moodle_site.call(token, "mod_quiz_start_attempt", quizid=quiz["quizid"])

    html, page = "", 0
    while page >= 0:
        data = moodle_site.call(token, "mod_quiz_get_attempt_data",
                                attemptid=attempt["attempt"]["id"], page=page)
        html += "".join(question["html"] for question in data["questions"])
        page = data["nextpage"]
    for question in QUIZ["questions"]:
        assert question["text"] in html


def test_a_retried_import_with_the_same_idnumber_answers_the_same_quiz(moodle_site,
                                                                       moodle_course):
    first = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id,
                        idnumber="lms-quiz-key-1")
    before = counts(moodle_site, moodle_course.id)

    again = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id,
                        idnumber="lms-quiz-key-1")

    assert again == first
    assert counts(moodle_site, moodle_course.id) == before
    assert before["quizzes"] == 1
    assert before["questions"] == len(QUIZ["questions"])


def test_a_page_saved_twice_with_its_idnumber_is_replaced(moodle_site, moodle_course):
    token = moodle_course.teacher_token
    first = moodle_site.call(token, "local_lmsexport_save_page", courseid=moodle_course.id,
                             name="Notes", content="<p>First</p>", idnumber="page-notes")
    second = moodle_site.call(token, "local_lmsexport_save_page", courseid=moodle_course.id,
                              name="Notes, revised", content="<p>Second</p>",
                              idnumber="page-notes")

    assert second == first
    pages = moodle_site.call(moodle_course.student_test_token, "mod_page_get_pages_by_courses",
                             courseids=[moodle_course.id])["pages"]
    assert [(page["coursemodule"], page["name"], page["content"]) for page in pages] == [
        (first["cmid"], "Notes, revised", "<p>Second</p>")]


def test_malformed_xml_fails_with_moodles_error_and_leaves_nothing(moodle_site, moodle_course):
    before = counts(moodle_site, moodle_course.id)
    broken = moodle_xml(QUIZ).replace("</quiz>", "")

    with pytest.raises(MoodleCallError) as refused:
        moodle_site.call(moodle_course.teacher_token, "local_lmsexport_import_quiz",
                         courseid=moodle_course.id, name="Broken", questionsxml=broken)

    assert refused.value.errorcode == "notwellformed"
    assert "not well-formed" in refused.value.message
    assert counts(moodle_site, moodle_course.id) == before


def test_fewer_questions_imported_than_the_xml_holds_leaves_nothing(moodle_site, moodle_course):
    before = counts(moodle_site, moodle_course.id)
    # qformat_xml imports the questions it can read and skips one of a type it does not know.
    xml = moodle_xml(QUIZ).replace("</quiz>", '<question type="nosuchtype"><name><text>X'
                                              "</text></name></question></quiz>")

    with pytest.raises(MoodleCallError) as refused:
        moodle_site.call(moodle_course.teacher_token, "local_lmsexport_import_quiz",
                         courseid=moodle_course.id, name="Short", questionsxml=xml)

    assert refused.value.errorcode == "cannotimport"
    assert f"of the {len(QUIZ['questions']) + 1} questions" in refused.value.message
    assert counts(moodle_site, moodle_course.id) == before


def test_a_student_token_is_refused_and_nothing_is_made(moodle_site, moodle_course):
    before = counts(moodle_site, moodle_course.id)

    with pytest.raises(MoodleCallError) as refused:
        import_quiz(moodle_site, moodle_course.student_token, moodle_course.id)
    with pytest.raises(MoodleCallError) as page_refused:
        moodle_site.call(moodle_course.student_token, "local_lmsexport_save_page",
                         courseid=moodle_course.id, name="N", content="<p>x</p>")

    assert refused.value.errorcode == page_refused.value.errorcode == "nopermissions"
    assert "(Manage activities)" in refused.value.message
    assert counts(moodle_site, moodle_course.id) == before


def test_the_quiz_settings_go_to_the_quiz(moodle_site, moodle_course):
    settings = {"timelimit": 1800, "attempts": 2, "shuffleanswers": False,
                "timeclose": 1893456000, "showcorrectanswers": False}

    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id,
                       settings=settings)

    record = quiz_record(moodle_site, quiz["quizid"])
    assert {key: int(record[key]) for key in ("timelimit", "attempts", "shuffleanswers",
                                              "timeclose")} == {
        "timelimit": 1800, "attempts": 2, "shuffleanswers": 0, "timeclose": 1893456000}
    assert int(record["reviewrightanswer"]) == 0
    assert int(record["reviewmarks"]) & 0x01000  # display_options::IMMEDIATELY_AFTER


@pytest.mark.parametrize("shuffle", [True, False])
def test_a_quiz_set_to_shuffle_lets_its_multiple_choice_questions_shuffle(moodle_site,
                                                                          moodle_course, shuffle):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id,
                       settings={"shuffleanswers": shuffle})

    shuffled = moodle_site.php(
        "return array_map('intval', array_values($DB->get_fieldset_sql("
        "'SELECT o.shuffleanswers FROM {qtype_multichoice_options} o "
        "JOIN {question_versions} qv ON qv.questionid = o.questionid "
        "JOIN {question_references} qr ON qr.questionbankentryid = qv.questionbankentryid "
        "JOIN {quiz_slots} s ON s.id = qr.itemid AND qr.component = ? "
        "WHERE s.quizid = ?', ['mod_quiz', $args['quizid']])));", quizid=quiz["quizid"])
    assert shuffled == [int(shuffle)] * 2  # the multiple choice and the multiple answer
    assert int(quiz_record(moodle_site, quiz["quizid"])["shuffleanswers"]) == int(shuffle)


@pytest.mark.parametrize("show", [True, False])
def test_the_review_shows_the_right_answer_only_when_the_settings_say_so(moodle_site,
                                                                         moodle_course, show):
    one = {"title": "One", "questions": [QUIZ["questions"][0]]}
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id, one,
                       settings={"showcorrectanswers": show})

    result = take_quiz(moodle_site, moodle_course.student_test_token, quiz["quizid"],
                       ["Keratin"])

    assert result.marks() == [0.0]
    assert ("The correct answer is" in result.questions[0]["html"]) is show


def test_a_hidden_quiz_and_page_are_hidden_from_students(moodle_site, moodle_course):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id,
                       visible=False)
    page = moodle_site.call(moodle_course.teacher_token, "local_lmsexport_save_page",
                            courseid=moodle_course.id, name="Hidden", content="<p>h</p>",
                            visible=False)

    visible = moodle_site.php(
        "return array_map(fn($id) => (int) $DB->get_field('course_modules', 'visible', "
        "['id' => $id]), $args['ids']);", ids=[quiz["cmid"], page["cmid"]])
    assert visible == [0, 0]
    contents = moodle_site.call(moodle_course.student_test_token, "core_course_get_contents",
                                courseid=moodle_course.id)
    seen = {module["id"] for section in contents for module in section["modules"]}
    assert not seen & {quiz["cmid"], page["cmid"]}


def test_a_named_section_is_found_or_made_once(moodle_site, moodle_course):
    token = moodle_course.teacher_token
    first = import_quiz(moodle_site, token, moodle_course.id, section="Week 1", idnumber="q1")
    second = import_quiz(moodle_site, token, moodle_course.id, section="Week 1", idnumber="q2")
    page = moodle_site.call(token, "local_lmsexport_save_page", courseid=moodle_course.id,
                            name="Notes", content="<p>n</p>", section="Week 1")

    contents = moodle_site.call(token, "core_course_get_contents", courseid=moodle_course.id)
    named = [section for section in contents if section["name"] == "Week 1"]
    assert len(named) == 1
    assert [module["id"] for module in named[0]["modules"]] == [
        first["cmid"], second["cmid"], page["cmid"]]


def test_an_idnumber_held_by_another_kind_of_activity_is_refused(moodle_site, moodle_course):
    quiz = import_quiz(moodle_site, moodle_course.teacher_token, moodle_course.id,
                       idnumber="shared-id")
    before = counts(moodle_site, moodle_course.id)

    with pytest.raises(MoodleCallError) as refused:
        moodle_site.call(moodle_course.teacher_token, "local_lmsexport_save_page",
                         courseid=moodle_course.id, name="N", content="<p>x</p>",
                         idnumber="shared-id")

    assert refused.value.errorcode == "idnumbertaken"
    assert "belongs to a quiz" in refused.value.message
    assert counts(moodle_site, moodle_course.id) == before
    assert quiz_record(moodle_site, quiz["quizid"])["name"] == QUIZ["title"]


def test_an_unknown_course_is_invalidrecord(moodle_site, moodle_course):
    with pytest.raises(MoodleCallError) as refused:
        import_quiz(moodle_site, moodle_course.teacher_token, 999999)

    assert refused.value.errorcode == "invalidrecord"


def course_creator_token(site) -> tuple[int, str]:
    """A user with the coursecreator role in category 1, and their ``lms_export`` token."""
    creator = site.make_user(prefix="creator")
    site.php("role_assign($DB->get_field('role', 'id', ['shortname' => 'coursecreator']),"
             " $args['userid'], context_coursecat::instance(1)->id); return true;",
             userid=creator.id)
    return creator.id, site.token(creator)


def create_course(site, token: str, idnumber: str, shortname: str) -> dict[str, Any]:
    return site.call(token, "local_lmsexport_create_course", fullname="Made by a creator",
                     shortname=shortname, categoryid=1, idnumber=idnumber)


def course_total(site) -> int:
    return int(site.php("return $DB->count_records('course');"))


def test_create_course_answers_its_callers_course_again_and_refuses_anothers(moodle_site):
    # A second call with the idnumber is a retry's race: the caller, enrolled in the course it
    # made, gets that course; another creator gets course/lib.php create_course's refusal.
    creator, token = course_creator_token(moodle_site)
    _, other_token = course_creator_token(moodle_site)
    made = create_course(moodle_site, token, f"race-{creator}", f"RACE{creator}")
    total = course_total(moodle_site)

    again = create_course(moodle_site, token, f"race-{creator}", f"RACE{creator}-2")
    with pytest.raises(MoodleCallError) as refused:
        create_course(moodle_site, other_token, f"race-{creator}", f"RACE{creator}-3")

    assert again == made
    assert refused.value.errorcode == "courseidnumbertaken"
    assert course_total(moodle_site) == total


def test_create_course_leaves_no_course_when_its_creator_cannot_be_enrolled(moodle_site):
    # enrol_try_internal_enrol (lib/enrollib.php) answers false without a role to give: the
    # plugin fails, and its transaction takes the course back.
    creator, token = course_creator_token(moodle_site)
    total = course_total(moodle_site)
    moodle_site.php("set_config('creatornewroleid', 0); return true;")
    try:
        with pytest.raises(MoodleCallError) as refused:
            create_course(moodle_site, token, f"norole-{creator}", f"NOROLE{creator}")
    finally:
        moodle_site.php("set_config('creatornewroleid', $DB->get_field('role', 'id',"
                        " ['shortname' => 'editingteacher'])); return true;")

    assert refused.value.errorcode == "cannotenrolcreator"
    assert course_total(moodle_site) == total
