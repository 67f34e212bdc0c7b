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
 * English strings of local_lmsexport.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['cannotenrolcreator'] = 'The course was not created: its creator could not be enrolled in it. Moodle enrols a course\'s creator through manual enrolment with the role set in Site administration > Users > Permissions > User policies > Creators\' role in new courses; check that manual enrolment is enabled and that role is set.';
$string['cannotimport'] = 'Import error: Moodle imported {$a->imported} of the {$a->expected} questions in the XML. {$a->errors}';
$string['idnumbertaken'] = 'The idnumber {$a->idnumber} belongs to a {$a->modname} in this course, not a {$a->expected}.';
$string['notwellformed'] = 'Import error: the questions are not well-formed XML. {$a}';
$string['pluginname'] = 'LMS export';
$string['privacy:metadata'] = 'The LMS export plugin stores no personal data: it creates activities and questions as the user who calls it.';
