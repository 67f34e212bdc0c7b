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
 * Version of local_lmsexport: web services that create a course, import a quiz and save a page for lms-export-blueprint.
 *
 * @package    local_lmsexport
 * @copyright  2026 The lms-export-blueprint authors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'local_lmsexport';
$plugin->version   = 2026120701;        // YYYYMMDDXX; raised for local_lmsexport_create_course, which an upgrade
                                        // adds to the site and to the lms_export service only when the version rises.
$plugin->requires  = 2025041400;        // Moodle 5.0: question banks live in mod_qbank module contexts.
$plugin->supported = [500, 500];        // Run against 5.0 only; see the project's docs/moodle.md.
$plugin->maturity  = MATURITY_BETA;
$plugin->release   = '0.3.0';
