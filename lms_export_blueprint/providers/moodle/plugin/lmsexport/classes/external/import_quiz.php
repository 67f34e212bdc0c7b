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
use local_lmsexport\local\question_import;
use local_lmsexport\local\quiz_builder;

/**
 * Imports Moodle XML questions into the course's question bank and makes a quiz of them.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class import_quiz extends external_api {

    /** @var int the length of course_modules.idnumber */
    public const IDNUMBER_LENGTH = 100;

    /**
     * Parameters: the course, the quiz's name, intro and questions, and optional settings.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'The course to add the quiz to'),
            'name' => new external_value(PARAM_TEXT, 'The quiz name'),
            'intro' => new external_value(PARAM_RAW, 'The quiz description (HTML)', VALUE_DEFAULT, ''),
            'questionsxml' => new external_value(PARAM_RAW, 'The questions, as a Moodle XML <quiz> document'),
            'visible' => new external_value(PARAM_BOOL, 'Whether students see the quiz', VALUE_DEFAULT, true),
            'idnumber' => new external_value(PARAM_RAW_TRIMMED,
                'The course module idnumber; a quiz with it already in the course is answered as it is',
                VALUE_DEFAULT, ''),
            'section' => new external_value(PARAM_TEXT,
                'The name of the course section to put the quiz in, made if no section has it; empty: the first section',
                VALUE_DEFAULT, ''),
            'settings' => new external_single_structure([
                'timelimit' => new external_value(PARAM_INT, 'Time limit in seconds, 0 for none', VALUE_OPTIONAL),
                'attempts' => new external_value(PARAM_INT, 'Attempts allowed, 0 for unlimited', VALUE_OPTIONAL),
                'shuffleanswers' => new external_value(PARAM_BOOL,
                    'Shuffle within questions; true also lets the imported multiple-choice questions shuffle',
                    VALUE_OPTIONAL),
                'timeclose' => new external_value(PARAM_INT, 'When the quiz closes (Unix time), 0 for never',
                    VALUE_OPTIONAL),
                'showcorrectanswers' => new external_value(PARAM_BOOL,
                    'Whether the review shows the right answers after an attempt', VALUE_OPTIONAL),
            ], 'Quiz settings; each left out takes the site default', VALUE_DEFAULT, []),
        ]);
    }

    /**
     * Makes the quiz, or answers the one with this idnumber.
     *
     * @param int $courseid the course
     * @param string $name the quiz name
     * @param string $intro the quiz description (HTML)
     * @param string $questionsxml the questions (Moodle XML)
     * @param bool $visible whether students see it
     * @param string $idnumber the course module idnumber, '' for none
     * @param string $section the section's name, '' for the first section
     * @param array $settings quiz settings, each optional
     * @return array cmid and quizid
     */
    public static function execute(int $courseid, string $name, string $intro, string $questionsxml,
            bool $visible = true, string $idnumber = '', string $section = '', array $settings = []): array {
        global $DB;
        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid, 'name' => $name, 'intro' => $intro, 'questionsxml' => $questionsxml,
            'visible' => $visible, 'idnumber' => $idnumber, 'section' => $section, 'settings' => $settings,
        ]);
        if (\core_text::strlen($params['idnumber']) > self::IDNUMBER_LENGTH) {
            throw new invalid_parameter_exception('idnumber is longer than ' . self::IDNUMBER_LENGTH . ' characters');
        }
        $course = get_course($params['courseid']);
        $context = context_course::instance($course->id);
        self::validate_context($context);
        require_capability('moodle/course:manageactivities', $context);

        $existing = placement::find_by_idnumber($course, $params['idnumber'], 'quiz');
        if ($existing) {
            return ['cmid' => $existing->id, 'quizid' => $existing->instance];
        }

        // One transaction: a call that fails leaves no bank, section, question or quiz behind.
        $transaction = $DB->start_delegated_transaction();
        try {
            $bank = question_import::course_bank($course);
            require_capability('moodle/question:add', $bank);
            $sectionnumber = placement::section_number($course, $params['section']);
            $questionids = question_import::import($bank, $course, $params['questionsxml']);
            if (!empty($params['settings']['shuffleanswers'])) {
                question_import::allow_shuffling($questionids);
            }
            $quiz = quiz_builder::create($course, $sectionnumber, [
                'name' => $params['name'], 'intro' => $params['intro'],
                'visible' => $params['visible'], 'idnumber' => $params['idnumber'],
            ], $params['settings']);
            quiz_builder::add_questions($quiz, $questionids);
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            // The importer may already have rolled everything back (question/format.php).
            if (!$transaction->is_disposed()) {
                $transaction->rollback($e);
            }
            throw $e;
        }

        return ['cmid' => (int) $quiz->coursemodule, 'quizid' => (int) $quiz->instance];
    }

    /**
     * The quiz's course module and instance ids.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'cmid' => new external_value(PARAM_INT, 'The quiz course module id'),
            'quizid' => new external_value(PARAM_INT, 'The quiz id'),
        ]);
    }
}
