"""Parameters as PHP's $_POST nests them (bodies.form_body), and the double reading them back."""

from __future__ import annotations

from urllib.parse import parse_qsl

from lms_export_blueprint.bodies import form_body
from lms_export_blueprint.testing.moodle.params import parse_form


def encode(params):
    return form_body(params).data


def test_nested_lists_and_objects_get_php_bracket_keys():
    body = encode({"courses": [{"fullname": "Bio & Chem", "categoryid": 1}],
                   "visible": True, "settings": {"shuffleanswers": False}, "left_out": None})
    assert parse_qsl(body.decode()) == [
        ("courses[0][fullname]", "Bio & Chem"), ("courses[0][categoryid]", "1"),
        ("visible", "1"), ("settings[shuffleanswers]", "0")]


def test_the_double_reads_back_what_was_sent():
    sent = {"enrolments": [{"roleid": 3, "userid": 7, "courseid": 12},
                           {"roleid": 5, "userid": 8, "courseid": 12}],
            "questionsxml": "<quiz>\n  <question type=\"essay\"/>\n</quiz>\n",
            "name": "Ünïcode + spaces"}
    assert parse_form(encode(sent)) == {
        "enrolments": [{"roleid": "3", "userid": "7", "courseid": "12"},
                       {"roleid": "5", "userid": "8", "courseid": "12"}],
        "questionsxml": sent["questionsxml"], "name": "Ünïcode + spaces"}


def test_eleven_items_keep_their_order():
    # PHP keys 0..10: read as a list in numeric order, not "0, 1, 10, 2, ...".
    assert parse_form(encode({"ids": list(range(11))}))["ids"] == [str(n) for n in range(11)]

