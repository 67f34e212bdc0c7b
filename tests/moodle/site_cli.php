<?php
// Test support (GPL-3.0-or-later, as it runs inside Moodle): sets a test Moodle site up with
// Moodle's own APIs, as the administrator. Not part of the plugin.
//
// php site_cli.php /abs/path/to/config.php < [{"action": "...", "args": {...}}, ...]
// prints the actions' answers as a JSON list after a line "@@RESULT@@" (Moodle may print before it).

define('CLI_SCRIPT', true);
require($argv[1]);
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/webservice/lib.php');
require_once($CFG->libdir . '/enrollib.php');

\core\session\manager::set_user(get_admin());

/** The role that lets a user get and use a REST token (MOODLE.md item 7). */
const WS_ROLE = 'lmswsuser';

/** What students use in tests: taking a quiz, reading a page; and what tests read back. */
const TEST_FUNCTIONS = [
    'mod_quiz_get_quizzes_by_courses', 'mod_quiz_start_attempt', 'mod_quiz_get_attempt_data',
    'mod_quiz_process_attempt', 'mod_quiz_get_attempt_review', 'mod_quiz_get_user_attempts',
    'mod_page_get_pages_by_courses', 'core_course_get_contents', 'core_webservice_get_site_info',
];

function lms_setup(array $args): array {
    global $DB;
    set_config('enablewebservices', 1);
    set_config('webserviceprotocols', 'rest');
    $system = context_system::instance();
    $roleid = $DB->get_field('role', 'id', ['shortname' => WS_ROLE]);
    if (!$roleid) {
        $roleid = create_role('Web service user', WS_ROLE, 'May create and use REST tokens');
        set_role_contextlevels($roleid, [CONTEXT_SYSTEM]);
        assign_capability('moodle/webservice:createtoken', CAP_ALLOW, $roleid, $system->id);
        assign_capability('webservice/rest:use', CAP_ALLOW, $roleid, $system->id);
    }
    $manager = new webservice();
    if (!$DB->record_exists('external_services', ['shortname' => 'lms_test'])) {
        $serviceid = $manager->add_external_service((object) [
            'name' => 'LMS export tests', 'shortname' => 'lms_test', 'enabled' => 1,
            'restrictedusers' => 0, 'downloadfiles' => 0, 'uploadfiles' => 0,
        ]);
        foreach (TEST_FUNCTIONS as $function) {
            $manager->add_external_function_to_service($function, $serviceid);
        }
    }
    return ['admin' => get_admin()->id, 'tokens' => [
        'lms_export' => lms_token(['userid' => get_admin()->id, 'service' => 'lms_export']),
        'lms_test' => lms_token(['userid' => get_admin()->id, 'service' => 'lms_test']),
    ]];
}

function lms_user(array $args): int {
    global $CFG, $DB;
    $userid = user_create_user((object) [
        'username' => $args['username'], 'password' => $args['password'], 'auth' => 'manual',
        'firstname' => $args['firstname'], 'lastname' => $args['lastname'], 'email' => $args['email'],
        'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
    ], true, false);
    if (!empty($args['webservices'])) {
        role_assign($DB->get_field('role', 'id', ['shortname' => WS_ROLE], MUST_EXIST), $userid,
            context_system::instance()->id);
    }
    return $userid;
}

function lms_course(array $args): int {
    return (int) create_course((object) [
        'fullname' => $args['fullname'], 'shortname' => $args['shortname'],
        'category' => $args['category'] ?? 1, 'numsections' => 2,
    ])->id;
}

function lms_enrol(array $args): bool {
    global $DB;
    $roleid = $DB->get_field('role', 'id', ['shortname' => $args['role']], MUST_EXIST);
    return enrol_try_internal_enrol($args['courseid'], $args['userid'], $roleid);
}

function lms_token(array $args): string {
    global $DB;
    $service = $DB->get_record('external_services', ['shortname' => $args['service']], '*', MUST_EXIST);
    return \core_external\util::generate_token(EXTERNAL_TOKEN_PERMANENT, $service, $args['userid'],
        context_system::instance());
}

function lms_eval(array $args) {
    global $CFG, $DB;
    return eval($args['code']);
}

$results = [];
foreach (json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR) as $request) {
    $action = 'lms_' . $request['action'];
    $results[] = $action($request['args']);
}
echo "\n@@RESULT@@\n", json_encode($results, JSON_THROW_ON_ERROR), "\n";
