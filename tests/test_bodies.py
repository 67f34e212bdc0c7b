"""Form and multipart bodies, each checked by a real reader of that format: PHP's own
``parse_str`` (how Moodle's server.php receives a form), Python's email parser for
``multipart/related`` (RFC 2387, as Drive reads it) and Werkzeug's form parser for
``multipart/form-data``."""

from __future__ import annotations

import email
import email.policy
import io
import json
import subprocess

import pytest
from servers import require_binary
from werkzeug.formparser import parse_form_data

from lms_export_blueprint.bodies import FORM, form_body, form_data, multipart_related, sendable

NESTED = {
    "wsfunction": "local_lmsexport_push",
    "courseid": 7,
    "quiz": {"name": "Cells & atoms = fun?", "visible": True, "hidden": False,
             "questions": [{"text": "2 + 2 [x]", "answers": ["4", "four"]},
                           {"text": "ünïcode ✓", "answers": []}]},
    "skipped": None,
}


def php_reads(body: bytes) -> object:
    php = require_binary("php")
    script = 'parse_str(file_get_contents("php://stdin"), $a); echo json_encode($a);'
    done = subprocess.run([php, "-r", script], input=body, capture_output=True, check=True)
    return json.loads(done.stdout)


def test_a_nested_form_reads_in_php_as_the_nested_params():
    body = form_body(NESTED)

    assert body.content_type == FORM
    assert php_reads(body.data) == {
        "wsfunction": "local_lmsexport_push", "courseid": "7",
        "quiz": {"name": "Cells & atoms = fun?", "visible": "1", "hidden": "0",
                 "questions": [{"text": "2 + 2 [x]", "answers": ["4", "four"]},
                               {"text": "ünïcode ✓"}]}}


def test_a_form_keys_lists_php_s_way():
    assert form_body({"a": [{"b": 1}]}).data == b"a%5B0%5D%5Bb%5D=1"


@pytest.mark.parametrize("bad", [{"a": object()}, {"a": b"bytes"}])
def test_a_value_with_no_form_encoding_is_refused(bad):
    with pytest.raises(TypeError):
        form_body(bad)


def test_a_multipart_related_body_is_metadata_then_media():
    html = b"<h1>Lesson</h1><p>--lmsx not a boundary</p>"
    body = multipart_related({"name": "Lesson", "mimeType": "application/vnd.google-apps.document"},
                             html, "text/html")

    message = email.message_from_bytes(
        f"Content-Type: {body.content_type}\r\n\r\n".encode() + body.data,
        policy=email.policy.HTTP)
    assert message.get_content_type() == "multipart/related"
    metadata, media = message.iter_parts()
    assert metadata.get_content_type() == "application/json"
    assert json.loads(metadata.get_payload(decode=True)) == {
        "name": "Lesson", "mimeType": "application/vnd.google-apps.document"}
    assert media.get_content_type() == "text/html"
    assert media.get_payload(decode=True) == html


def test_a_form_data_body_carries_the_params_then_the_file_last():
    content = bytes(range(256)) * 4
    body = form_data({"key": "/users/1/files/a.png", "x-amz-signature": "abc",
                      'odd"name': "v"}, "pic \"1\".png", content, "image/png")

    _stream, form, files = parse_form_data({
        "REQUEST_METHOD": "POST", "CONTENT_TYPE": body.content_type,
        "CONTENT_LENGTH": str(len(body.data)), "wsgi.input": io.BytesIO(body.data)})

    assert dict(form) == {"key": "/users/1/files/a.png", "x-amz-signature": "abc",
                          'odd"name': "v"}  # as browsers escape it, read back whole
    assert files["file"].read() == content
    assert files["file"].mimetype == "image/png"
    assert body.data.rindex(b'name="file"') > body.data.rindex(b'name="x-amz-signature"')


@pytest.mark.parametrize(("text", "expected"), [
    ("quiz-1", True), ("Écologie 😀", True), ("", True),
    ("bad \ud800", False), ("\udfff", False),
    ("\ud83d\ude00", False),  # two surrogate code points, as Python holds them, not one 😀
])
def test_sendable_is_false_exactly_for_text_with_no_utf8_form(text, expected):
    assert sendable(text) is expected


def test_json_carries_a_lone_surrogate_that_sendable_refuses():
    text = json.loads('"bad \\ud800"')

    assert text == "bad \ud800"
    assert not sendable(text)
