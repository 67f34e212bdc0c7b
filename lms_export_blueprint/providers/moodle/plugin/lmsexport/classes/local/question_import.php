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

namespace local_lmsexport\local;

use context_module;
use core_question\local\bank\question_bank_helper;
use moodle_exception;
use stdClass;

/**
 * The course's question bank, and Moodle XML imported into it with Moodle's own qformat_xml.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class question_import {

    /**
     * The context of the course's shared system question bank (a mod_qbank module), made if missing.
     *
     * This is the bank Moodle 5.0 files a course-level import ("$course$" categories) into
     * (question/format.php, create_category_path). It is looked up here rather than through
     * question_bank_helper::get_default_open_instance_system_type(), which in 5.0.0 compares
     * an int course-module id with a string one, never finds the existing bank, and makes
     * another on every call.
     *
     * @param stdClass $course the course
     * @return context_module the bank's context
     */
    public static function course_bank(stdClass $course): context_module {
        global $DB;
        $modname = question_bank_helper::get_default_question_bank_activity_name();
        $sql = "SELECT cm.id
                  FROM {course_modules} cm
                  JOIN {modules} m ON m.id = cm.module AND m.name = :modname
                  JOIN {{$modname}} q ON q.id = cm.instance
                 WHERE cm.course = :course AND q.type = :type
              ORDER BY cm.id";
        $cmids = $DB->get_fieldset_sql($sql,
            ['modname' => $modname, 'course' => $course->id, 'type' => question_bank_helper::TYPE_SYSTEM]);
        if ($cmids) {
            return context_module::instance(reset($cmids));
        }
        $bank = question_bank_helper::create_default_open_instance($course,
            question_bank_helper::get_bank_name_string('systembank', 'question'), question_bank_helper::TYPE_SYSTEM);
        return context_module::instance($bank->id);
    }

    /**
     * Imports every question of a Moodle XML document into the bank, or throws.
     *
     * The categories the XML names are made under the bank's top category. qformat_xml keeps
     * the questions before a fault and skips what it cannot read, so fewer questions than the
     * XML holds is a failure too; the caller's transaction then takes all of them back.
     *
     * @param context_module $bank the bank's context
     * @param stdClass $course the course
     * @param string $xml the Moodle XML document
     * @return int[] the ids of the new questions, in the XML's order
     * @throws moodle_exception cannotimport, with what Moodle reported
     */
    public static function import(context_module $bank, stdClass $course, string $xml): array {
        global $CFG;
        require_once($CFG->libdir . '/questionlib.php');
        require_once($CFG->dirroot . '/question/format.php');
        require_once($CFG->dirroot . '/question/format/xml/format.php');

        $expected = self::count_questions($xml);
        $filename = make_request_directory() . '/questions.xml';
        file_put_contents($filename, $xml);

        $format = new \qformat_xml();
        $format->setCategory(question_get_default_category($bank->id, true));
        $format->setContexts([$bank]);
        $format->setCourse($course);
        $format->setFilename($filename);
        $format->setRealfilename('questions.xml');
        $format->setMatchgrades('error');
        $format->setCatfromfile(true);
        $format->setContextfromfile(false);
        $format->setStoponerror(true);
        $format->set_display_progress(false);

        // The importer reports by printing HTML; a web service answers JSON, so keep it as text.
        ob_start();
        try {
            $done = $format->importpreprocess() && $format->importprocess() && $format->importpostprocess();
        } finally {
            $printed = ob_get_clean();
        }
        $errors = shorten_text(trim(preg_replace('/\s+/', ' ', html_to_text($printed, 0, false))), 1000);
        if ($expected === null) {
            throw new moodle_exception('notwellformed', 'local_lmsexport', '', $errors);
        }
        $imported = count($format->questionids);
        if (!$done || $expected === 0 || $imported !== $expected) {
            throw new moodle_exception('cannotimport', 'local_lmsexport', '',
                ['imported' => $imported, 'expected' => $expected, 'errors' => $errors]);
        }
        return $format->questionids;
    }

    /**
     * Lets the choices of the imported multiple-choice questions be shuffled, as a quiz set to
     * shuffle asks: Moodle shuffles only within questions that allow it, and the XML keeps the
     * authored order.
     *
     * @param int[] $questionids the imported questions
     */
    public static function allow_shuffling(array $questionids): void {
        global $DB;
        if (!$questionids) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal($questionids);
        $DB->set_field_select('qtype_multichoice_options', 'shuffleanswers', 1, "questionid $insql", $params);
    }

    /**
     * How many questions (not categories) the XML holds; null when it is not well-formed XML.
     *
     * @param string $xml the Moodle XML document
     * @return int|null
     */
    private static function count_questions(string $xml): ?int {
        $document = new \DOMDocument();
        $previous = libxml_use_internal_errors(true);
        $parsed = $document->loadXML($xml, LIBXML_NONET);
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        if (!$parsed) {
            return null;
        }
        return (new \DOMXPath($document))->query('/quiz/question[not(@type="category")]')->length;
    }
}
