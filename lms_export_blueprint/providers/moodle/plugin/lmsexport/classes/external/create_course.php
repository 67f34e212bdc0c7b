<?php
// This file is part of local_lmsexport, a Moodle plugin shipped with lms-export-blueprint.
//
// local_lmsexport is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// local_lmsexport is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with local_lmsexport (COPYING.txt).  If not, see <http://www.gnu.org/licenses/>.

namespace local_lmsexport\external;

use context_course;
use context_coursecat;
use core_external\external_api;
use core_external\external_format_value;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use core_external\util;
use moodle_exception;
use stdClass;

/**
 * Creates a course and enrols its creator in it, as Moodle's own course form does.
 *
 * core_course_create_courses enrols nobody, so a course creator (moodle/course:create in the
 * category, no enrol/manual:enrol) is left outside the course they made. course/edit.php instead
 * enrols the creator with the site's "Creators' role in new courses" ($CFG->creatornewroleid)
 * through enrol_try_internal_enrol() (lib/enrollib.php); this function does the same, and makes
 * the course and the enrolment in one transaction.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class create_course extends external_api {

    /**
     * Parameters: what core_course_create_courses takes for one course, the idnumber required.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'fullname' => new external_value(PARAM_TEXT, 'The course full name'),
            'shortname' => new external_value(PARAM_TEXT, 'The course short name, unique on the site'),
            'categoryid' => new external_value(PARAM_INT, 'The category to create the course in'),
            'idnumber' => new external_value(PARAM_RAW_TRIMMED,
                'The course ID number; a course holding it is answered if the caller is enrolled in it'),
            'summary' => new external_value(PARAM_RAW, 'The course summary', VALUE_DEFAULT, ''),
            'summaryformat' => new external_format_value('summary', VALUE_DEFAULT),
        ]);
    }

    /**
     * Makes the course with the caller enrolled in it, or answers the caller's course with this idnumber.
     *
     * @param string $fullname the course full name
     * @param string $shortname the course short name
     * @param int $categoryid the category
     * @param string $idnumber the course ID number
     * @param string $summary the course summary
     * @param int $summaryformat the summary's format
     * @return array id and shortname
     */
    public static function execute(string $fullname, string $shortname, int $categoryid, string $idnumber,
            string $summary = '', int $summaryformat = FORMAT_HTML): array {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/course/lib.php');

        $params = self::validate_parameters(self::execute_parameters(), [
            'fullname' => $fullname, 'shortname' => $shortname, 'categoryid' => $categoryid,
            'idnumber' => $idnumber, 'summary' => $summary, 'summaryformat' => $summaryformat,
        ]);
        foreach (['fullname', 'shortname', 'idnumber'] as $required) {
            if (trim($params[$required]) === '') {
                throw new moodle_exception('errorinvalidparam', 'webservice', '', $required);
            }
        }
        // As core_course_create_courses: the category context must be valid, and the right to create in it checked,
        // before anything is looked up, so a user who may not create learns nothing of other courses.
        $category = context_coursecat::instance($params['categoryid'], IGNORE_MISSING);
        try {
            self::validate_context($category);
        } catch (\Exception $e) {
            throw new moodle_exception('errorcatcontextnotvalid', 'webservice', '',
                (object) ['message' => $e->getMessage(), 'catid' => $params['categoryid']]);
        }
        require_capability('moodle/course:create', $category);

        $transaction = $DB->start_delegated_transaction();
        try {
            $course = self::own_course($params['idnumber']) ?? self::create($params, $category);
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            if (!$transaction->is_disposed()) {
                $transaction->rollback($e);
            }
            throw $e;
        }
        return ['id' => (int) $course->id, 'shortname' => $course->shortname];
    }

    /**
     * The course's id and short name, as core_course_create_courses answers each course.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'id' => new external_value(PARAM_INT, 'The course id'),
            'shortname' => new external_value(PARAM_RAW, 'The course short name'),
        ]);
    }

    /**
     * The course that already holds this idnumber, when the caller is enrolled in it (a retry that finds what it made).
     *
     * A course the caller is not in is never taken over: course/lib.php create_course() refuses its idnumber.
     *
     * @param string $idnumber the course ID number
     * @return stdClass|null the course, or null when no course holds the idnumber
     * @throws moodle_exception courseidnumbertaken when a course the caller is not enrolled in holds it
     */
    private static function own_course(string $idnumber): ?stdClass {
        global $DB, $USER;
        $course = $DB->get_record('course', ['idnumber' => $idnumber], 'id, shortname');
        if (!$course) {
            return null;
        }
        if (!is_enrolled(context_course::instance($course->id), $USER, '', true)) {
            throw new moodle_exception('courseidnumbertaken', '', '', $idnumber);
        }
        return $course;
    }

    /**
     * A new course with the site's course defaults, its creator enrolled with the creators' role.
     *
     * @param array $params the validated parameters
     * @param context_coursecat $category the category's context
     * @return stdClass the new course
     * @throws moodle_exception when the creator cannot be enrolled (the transaction then leaves no course)
     */
    private static function create(array $params, context_coursecat $category): stdClass {
        global $CFG, $USER;
        $defaults = get_config('moodlecourse');
        // The fields core_course_create_courses fills from the site's course defaults when a call leaves them out
        // (course/externallib.php, create_courses_parameters); visibility follows the category (create_course()).
        $course = create_course((object) [
            'category' => $category->instanceid,
            'fullname' => $params['fullname'],
            'shortname' => $params['shortname'],
            'idnumber' => $params['idnumber'],
            'summary' => $params['summary'],
            'summaryformat' => util::validate_format($params['summaryformat']),
            'format' => $defaults->format,
            'showgrades' => $defaults->showgrades,
            'newsitems' => $defaults->newsitems,
            'maxbytes' => $defaults->maxbytes,
            'showreports' => $defaults->showreports,
            'groupmode' => $defaults->groupmode,
            'groupmodeforce' => $defaults->groupmodeforce,
            'enablecompletion' => empty($CFG->enablecompletion) ? 0 : $defaults->enablecompletion,
        ]);
        // course/edit.php: the creator gets the creators' role unless something already enrolled them.
        // enrol_try_internal_enrol() answers false, rather than failing, when manual enrolment is off, the course
        // has no manual instance or the role is gone: then the course must not stay behind without its teacher.
        $enrolled = is_enrolled(context_course::instance($course->id), $USER, '', true)
            || (!empty($CFG->creatornewroleid) && enrol_try_internal_enrol($course->id, $USER->id, $CFG->creatornewroleid));
        if (!$enrolled) {
            throw new moodle_exception('cannotenrolcreator', 'local_lmsexport');
        }
        return $course;
    }
}
