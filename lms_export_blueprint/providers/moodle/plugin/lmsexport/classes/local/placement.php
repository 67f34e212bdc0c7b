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

use cm_info;
use context_course;
use moodle_exception;
use stdClass;

/**
 * Where a pushed activity goes: the module a retry finds by idnumber, the section named by the push.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class placement {

    /**
     * The course module with this idnumber in the course, if there is one.
     *
     * @param stdClass $course the course
     * @param string $idnumber the idnumber, '' for none
     * @param string $modname the module type the caller expects ('quiz', 'page')
     * @return cm_info|null the module, or null when the idnumber is empty or unused
     * @throws moodle_exception when the idnumber belongs to another type of module
     */
    public static function find_by_idnumber(stdClass $course, string $idnumber, string $modname): ?cm_info {
        global $DB;
        if ($idnumber === '') {
            return null;
        }
        $cmid = $DB->get_field('course_modules', 'id', ['course' => $course->id, 'idnumber' => $idnumber]);
        if ($cmid === false) {
            return null;
        }
        $cm = get_fast_modinfo($course)->get_cm($cmid);
        if ($cm->modname !== $modname) {
            throw new moodle_exception('idnumbertaken', 'local_lmsexport', '',
                ['idnumber' => $idnumber, 'modname' => $cm->modname, 'expected' => $modname]);
        }
        return $cm;
    }

    /**
     * The number of the course section with this name, created at the end of the course if none has it.
     *
     * A section matches by the name a teacher gave it, or else by the name Moodle shows for it
     * ("General", "Topic 1"); sections delegated to a module (subsections) are left alone.
     *
     * @param stdClass $course the course
     * @param string $name the section's name; '' for the course's first section
     * @return int the section number
     */
    public static function section_number(stdClass $course, string $name): int {
        if ($name === '') {
            return 0;
        }
        $sections = array_filter(get_fast_modinfo($course)->get_section_info_all(),
            static fn($section) => !$section->is_delegated());
        foreach ($sections as $section) {
            if ($section->name === $name) {
                return $section->section;
            }
        }
        foreach ($sections as $section) {
            if (get_section_name($course, $section) === $name) {
                return $section->section;
            }
        }
        // Adding and naming a section is what the course page's "Add section" asks this for.
        require_capability('moodle/course:update', context_course::instance($course->id));
        $actions = \core_courseformat\formatactions::section($course);
        $record = $actions->create();
        $actions->update(get_fast_modinfo($course)->get_section_info_by_id($record->id, MUST_EXIST),
            ['name' => $name]);
        return (int) $record->section;
    }
}
