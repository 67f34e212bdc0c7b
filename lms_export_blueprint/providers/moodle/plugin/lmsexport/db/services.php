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

/**
 * Web-service functions of local_lmsexport and the lms_export service that holds them.
 *
 * The service also holds the core functions lms-export-blueprint calls, so one token for it
 * is all a teacher needs. core_course_create_courses and enrol_manual_enrol_users stay in it for
 * hosts whose lms-export-blueprint predates local_lmsexport_create_course.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'local_lmsexport_create_course' => [
        'classname'    => '\local_lmsexport\external\create_course',
        'description'  => 'Creates a course and enrols the caller in it with the site\'s creators\' role, as the course form does.',
        'type'         => 'write',
        'capabilities' => 'moodle/course:create',
    ],
    'local_lmsexport_import_quiz' => [
        'classname'    => '\local_lmsexport\external\import_quiz',
        'description'  => 'Imports Moodle XML questions into the course question bank and builds a quiz of them.',
        'type'         => 'write',
        'capabilities' => 'moodle/course:manageactivities, moodle/question:add',
    ],
    'local_lmsexport_save_page' => [
        'classname'    => '\local_lmsexport\external\save_page',
        'description'  => 'Creates a page activity, or replaces the content of the one with the same idnumber.',
        'type'         => 'write',
        'capabilities' => 'moodle/course:manageactivities',
    ],
];

$services = [
    'LMS export' => [
        'shortname'       => 'lms_export',
        'functions'       => [
            'local_lmsexport_create_course',
            'local_lmsexport_import_quiz',
            'local_lmsexport_save_page',
            'core_webservice_get_site_info',
            'core_course_get_courses_by_field',
            'core_course_create_courses',
            'core_course_get_contents',
            'core_enrol_get_users_courses',
            'enrol_manual_enrol_users',
        ],
        'restrictedusers' => 0,
        'enabled'         => 1,
        'downloadfiles'   => 0,
        'uploadfiles'     => 0,
    ],
];
