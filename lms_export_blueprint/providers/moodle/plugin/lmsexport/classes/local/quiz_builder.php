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

use mod_quiz\question\display_options;
use mod_quiz\quiz_settings;
use stdClass;

/**
 * A quiz activity made as the quiz settings form would make it, and the imported questions put in it.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class quiz_builder {

    /** @var string[] the quiz's review columns, as the settings form names them (mod/quiz/mod_form.php) */
    private const REVIEW_FIELDS = ['attempt', 'correctness', 'maxmarks', 'marks', 'specificfeedback',
        'generalfeedback', 'rightanswer', 'overallfeedback'];

    /** @var int[] when a review column applies, by the form's suffix */
    private const REVIEW_TIMES = [
        'during' => display_options::DURING,
        'immediately' => display_options::IMMEDIATELY_AFTER,
        'open' => display_options::LATER_WHILE_OPEN,
        'closed' => display_options::AFTER_CLOSE,
    ];

    /** @var int after the attempt, whether the quiz is still open or closed */
    private const AFTER_ATTEMPT = display_options::IMMEDIATELY_AFTER | display_options::LATER_WHILE_OPEN
        | display_options::AFTER_CLOSE;

    /**
     * Adds a quiz to the course: the site's quiz defaults, then the settings given.
     *
     * Students always see their marks once they submit (what the push is for); the right
     * answers as the setting says, or the site's default when it is not given.
     *
     * @param stdClass $course the course
     * @param int $section the section number
     * @param array $fields name, intro (HTML), visible, idnumber
     * @param array $settings timelimit (s), attempts (0 unlimited), shuffleanswers, timeclose, showcorrectanswers;
     *     each optional
     * @return stdClass the module info add_moduleinfo() answered (coursemodule, instance)
     */
    public static function create(stdClass $course, int $section, array $fields, array $settings): stdClass {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/course/modlib.php');
        require_once($CFG->dirroot . '/mod/quiz/lib.php');

        $defaults = get_config('quiz');
        $quiz = (object) [
            'modulename' => 'quiz',
            'module' => $DB->get_field('modules', 'id', ['name' => 'quiz'], MUST_EXIST),
            'section' => $section,
            'name' => $fields['name'],
            'introeditor' => ['text' => $fields['intro'], 'format' => FORMAT_HTML, 'itemid' => 0],
            'visible' => $fields['visible'] ? 1 : 0,
            'cmidnumber' => $fields['idnumber'],
            'quizpassword' => '',
            'timeopen' => 0,
            'timeclose' => $settings['timeclose'] ?? 0,
            'timelimit' => $settings['timelimit'] ?? (int) ($defaults->timelimit ?? 0),
            'overduehandling' => $defaults->overduehandling ?? 'autosubmit',
            'graceperiod' => (int) ($defaults->graceperiod ?? 0),
            'preferredbehaviour' => $defaults->preferredbehaviour ?? 'deferredfeedback',
            'canredoquestions' => (int) ($defaults->canredoquestions ?? 0),
            'attempts' => $settings['attempts'] ?? (int) ($defaults->attempts ?? 0),
            'attemptonlast' => (int) ($defaults->attemptonlast ?? 0),
            'grademethod' => (int) ($defaults->grademethod ?? QUIZ_GRADEHIGHEST),
            'decimalpoints' => (int) ($defaults->decimalpoints ?? 2),
            'questiondecimalpoints' => (int) ($defaults->questiondecimalpoints ?? -1),
            'questionsperpage' => (int) ($defaults->questionsperpage ?? 1),
            'navmethod' => $defaults->navmethod ?? QUIZ_NAVMETHOD_FREE,
            'shuffleanswers' => isset($settings['shuffleanswers'])
                ? (int) $settings['shuffleanswers'] : (int) ($defaults->shuffleanswers ?? 1),
            'sumgrades' => 0,
            'grade' => (float) ($defaults->maximumgrade ?? 10),
            'subnet' => '',
            'browsersecurity' => '-',
            'delay1' => 0,
            'delay2' => 0,
            'showuserpicture' => (int) ($defaults->showuserpicture ?? 0),
            'showblocks' => (int) ($defaults->showblocks ?? 0),
            'completionattemptsexhausted' => 0,
            'completionminattempts' => 0,
            'allowofflineattempts' => 0,
        ];
        foreach (self::review($defaults, $settings['showcorrectanswers'] ?? null) as $field => $when) {
            foreach (self::REVIEW_TIMES as $suffix => $bit) {
                $quiz->{$field . $suffix} = ($when & $bit) ? 1 : 0;
            }
        }
        return add_moduleinfo($quiz, $course);
    }

    /**
     * Puts the questions in the quiz in order, each worth its default mark, and makes the quiz's
     * grade their sum, so the gradebook counts the points the questions carry.
     *
     * @param stdClass $quiz the module info create() answered
     * @param int[] $questionids the questions, in order
     */
    public static function add_questions(stdClass $quiz, array $questionids): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/mod/quiz/locallib.php');

        $record = $DB->get_record('quiz', ['id' => $quiz->instance], '*', MUST_EXIST);
        $record->cmid = $quiz->coursemodule;
        foreach ($questionids as $questionid) {
            $mark = $DB->get_field('question', 'defaultmark', ['id' => $questionid], MUST_EXIST);
            quiz_add_quiz_question($questionid, $record, 0, $mark);
        }
        quiz_settings::create($record->id)->get_grade_calculator()->recompute_quiz_sumgrades();
        $sumgrades = (float) $DB->get_field('quiz', 'sumgrades', ['id' => $record->id], MUST_EXIST);
        if ($sumgrades > 0) {
            quiz_settings::create($record->id)->get_grade_calculator()->update_quiz_maximum_grade($sumgrades);
        }
    }

    /**
     * When each review column applies: the site's defaults, marks after the attempt, right answers as asked.
     *
     * @param stdClass $defaults the quiz plugin's site settings
     * @param bool|null $showcorrectanswers the push's choice, or null for the site's default
     * @return int[] bit masks of display_options times, by review field
     */
    private static function review(stdClass $defaults, ?bool $showcorrectanswers): array {
        $review = [];
        foreach (self::REVIEW_FIELDS as $field) {
            $review[$field] = (int) ($defaults->{'review' . $field} ?? 0);
        }
        foreach (['attempt', 'correctness', 'maxmarks', 'marks'] as $field) {
            $review[$field] |= self::AFTER_ATTEMPT;
        }
        if ($showcorrectanswers !== null) {
            $review['rightanswer'] = $showcorrectanswers ? self::AFTER_ATTEMPT : 0;
        }
        return $review;
    }
}
