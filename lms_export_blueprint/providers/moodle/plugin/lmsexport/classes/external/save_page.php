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
use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use invalid_parameter_exception;
use local_lmsexport\local\placement;
use stdClass;

/**
 * Creates a page activity, or replaces the content of the page with the same idnumber.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class save_page extends external_api {

    /**
     * Parameters: the course, the page's name and HTML, visibility, idnumber and section.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'The course to add the page to'),
            'name' => new external_value(PARAM_TEXT, 'The page name'),
            'content' => new external_value(PARAM_RAW, 'The page content (HTML)'),
            'visible' => new external_value(PARAM_BOOL, 'Whether students see the page', VALUE_DEFAULT, true),
            'idnumber' => new external_value(PARAM_RAW_TRIMMED,
                'The course module idnumber; a page with it already in the course is replaced', VALUE_DEFAULT, ''),
            'section' => new external_value(PARAM_TEXT,
                'The name of the course section for a new page, made if no section has it; empty: the first section',
                VALUE_DEFAULT, ''),
        ]);
    }

    /**
     * Makes the page, or replaces the name, content and visibility of the one with this idnumber.
     *
     * @param int $courseid the course
     * @param string $name the page name
     * @param string $content the page content (HTML)
     * @param bool $visible whether students see it
     * @param string $idnumber the course module idnumber, '' for none
     * @param string $section the section's name for a new page, '' for the first section
     * @return array cmid
     */
    public static function execute(int $courseid, string $name, string $content, bool $visible = true,
            string $idnumber = '', string $section = ''): array {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/course/modlib.php');
        require_once($CFG->libdir . '/resourcelib.php');

        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid, 'name' => $name, 'content' => $content,
            'visible' => $visible, 'idnumber' => $idnumber, 'section' => $section,
        ]);
        if (\core_text::strlen($params['idnumber']) > import_quiz::IDNUMBER_LENGTH) {
            throw new invalid_parameter_exception('idnumber is longer than ' . import_quiz::IDNUMBER_LENGTH
                . ' characters');
        }
        $course = get_course($params['courseid']);
        $context = context_course::instance($course->id);
        self::validate_context($context);
        require_capability('moodle/course:manageactivities', $context);

        // One transaction: a call that fails leaves no section or page behind.
        $transaction = $DB->start_delegated_transaction();
        try {
            $existing = placement::find_by_idnumber($course, $params['idnumber'], 'page');
            if ($existing) {
                self::replace(get_coursemodule_from_id('page', $existing->id, 0, false, MUST_EXIST), $course, $params);
                $cmid = $existing->id;
            } else {
                $cmid = self::create($course, $params);
            }
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            if (!$transaction->is_disposed()) {
                $transaction->rollback($e);
            }
            throw $e;
        }
        return ['cmid' => (int) $cmid];
    }

    /**
     * The page's course module id.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'cmid' => new external_value(PARAM_INT, 'The page course module id'),
        ]);
    }

    /**
     * A new page with the site's page defaults.
     *
     * @param stdClass $course the course
     * @param array $params the validated parameters
     * @return int the new course module id
     */
    private static function create(stdClass $course, array $params): int {
        global $DB;
        $defaults = get_config('page');
        $page = (object) [
            'modulename' => 'page',
            'module' => $DB->get_field('modules', 'id', ['name' => 'page'], MUST_EXIST),
            'section' => placement::section_number($course, $params['section']),
            'name' => $params['name'],
            'introeditor' => ['text' => '', 'format' => FORMAT_HTML, 'itemid' => 0],
            'content' => $params['content'],
            'contentformat' => FORMAT_HTML,
            'visible' => $params['visible'] ? 1 : 0,
            'cmidnumber' => $params['idnumber'],
            'display' => (int) ($defaults->display ?? RESOURCELIB_DISPLAY_OPEN),
            'printintro' => (int) ($defaults->printintro ?? 0),
            'printlastmodified' => (int) ($defaults->printlastmodified ?? 1),
            'revision' => 1,
        ];
        return (int) add_moduleinfo($page, $course)->coursemodule;
    }

    /**
     * The page's name, content and visibility replaced through update_moduleinfo(), as the form does.
     *
     * @param stdClass $cm the page's course module, with its modname
     * @param stdClass $course the course
     * @param array $params the validated parameters
     */
    private static function replace(stdClass $cm, stdClass $course, array $params): void {
        [$cm, , , $page] = get_moduleinfo_data($cm, $course);
        $options = (array) unserialize_array($page->displayoptions ?: 'a:0:{}');
        $page->name = $params['name'];
        $page->page = ['text' => $params['content'], 'format' => FORMAT_HTML, 'itemid' => 0];
        $page->visible = $params['visible'] ? 1 : 0;
        $page->printintro = $options['printintro'] ?? 0;
        $page->printlastmodified = $options['printlastmodified'] ?? 1;
        $page->popupwidth = $options['popupwidth'] ?? 620;
        $page->popupheight = $options['popupheight'] ?? 450;
        update_moduleinfo($cm, $page, $course);
    }
}
