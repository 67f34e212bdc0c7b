"""The upload path (providers/canvas/uploads.py): Canvas's file upload steps 2 and 3
(doc/api/file_uploads.md), against a file store and a Canvas on 127.0.0.1. The POST to the
store carries no credential and no cookie; its redirect is followed only back to the LMS's
origin, with the token."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from hostile_lms import Drip, HostileLMS, http_answer, json_answer, raw_answer, redirect
from werkzeug.formparser import parse_form_data

from lms_export_blueprint.config import LMSConfig, set_defaults
from lms_export_blueprint.errors import LMSBadResponse, LMSTimeout
from lms_export_blueprint.providers.canvas.uploads import upload_file
from lms_export_blueprint.transport import Transport

TOKEN = "canvas-access-token-of-the-teacher"
PARAMS = {"key": "/courses/1/files/notes.pdf", "signature": "s3-signature-xyz"}
CONTENT = b"%PDF-1.4 pretend" * 100
FILE = {"id": 1234, "display_name": "notes.pdf", "size": len(CONTENT)}
CONFIRM = "/api/v1/files/1234/create_success"


@pytest.fixture
def canvas():
    with HostileLMS() as server:
        server.on("GET", "/files/1234/create_success", json_answer(200, FILE))
        yield server


@pytest.fixture
def store():
    with HostileLMS() as server:
        yield server


def transport_for(canvas: HostileLMS, **config) -> Transport:
    settings = {"LMS_BASE_URL": canvas.base_url, "LMS_RETRY_BACKOFF": 0.001,
                "LMS_RETRY_MAX_WAIT": 0.05, **config}
    set_defaults(settings)
    return Transport(LMSConfig.from_mapping(settings))


def upload(canvas: HostileLMS, store: HostileLMS, **config):
    return upload_file(transport_for(canvas, **config), upload_url=store.base_url + "/upload",
                       params=PARAMS, file_name="notes.pdf", content=CONTENT,
                       media_type="application/pdf", lms_origin=canvas.base_url, token=TOKEN,
                       timeout=5)


def test_a_redirect_back_to_canvas_is_confirmed_with_the_token(canvas, store):
    store.on("POST", "/upload", redirect(301, f"{canvas.base_url}{CONFIRM}?uuid=ABC",
                                         payload={}))

    answer = upload(canvas, store)

    assert answer.body == FILE
    (sent,) = store.seen_at("/upload")
    assert "Authorization" not in sent.headers
    _stream, form, files = parse_form_data({
        "REQUEST_METHOD": "POST", "CONTENT_TYPE": sent.headers["Content-Type"],
        "CONTENT_LENGTH": str(len(sent.body)), "wsgi.input": io.BytesIO(sent.body)})
    assert dict(form) == PARAMS
    assert files["file"].read() == CONTENT
    (confirmed,) = canvas.seen_at(CONFIRM)
    assert confirmed.method == "GET"
    assert confirmed.headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_201_whose_location_is_on_canvas_is_read_from_there(canvas, store):
    store.on("POST", "/upload", json_answer(201, {}, {"Location": canvas.base_url + CONFIRM}))

    assert upload(canvas, store).body == FILE


def test_a_201_with_an_xml_body_and_no_location_is_the_store_s_answer(canvas, store):
    store.on("POST", "/upload", raw_answer(201, b"<PostResponse/>",
                                           {"Content-Type": "application/xml"}))

    answer = upload(canvas, store)

    assert answer.body is None
    assert canvas.seen == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_anywhere_but_canvas_is_a_502_and_nothing_goes_there(canvas, store, status):
    with HostileLMS() as elsewhere:
        store.on("POST", "/upload", redirect(status, elsewhere.base_url + CONFIRM, payload={}))

        with pytest.raises(LMSBadResponse, match="redirect"):
            upload(canvas, store)

        assert elsewhere.seen == []
        assert canvas.seen == []


def test_a_201_location_elsewhere_gets_no_token(canvas, store):
    with HostileLMS() as elsewhere:
        store.on("POST", "/upload", json_answer(201, {}, {"Location": elsewhere.base_url}))

        assert upload(canvas, store).body is None
        assert elsewhere.seen == []


def test_a_redirect_to_canvas_on_another_port_or_scheme_is_refused(canvas, store):
    other_port = urlsplit(canvas.base_url)._replace(netloc=f"127.0.0.1:{store.port}").geturl()
    store.on("POST", "/upload", redirect(302, other_port + CONFIRM, payload={}))

    with pytest.raises(LMSBadResponse):
        upload(canvas, store)


def test_a_cookie_set_by_the_store_never_reaches_canvas(canvas, store):
    store.on("POST", "/upload", redirect(302, canvas.base_url + CONFIRM, payload={}))
    store.scripts[("POST", "/upload")] = _with_cookie(store.scripts[("POST", "/upload")])

    upload(canvas, store)

    assert all("Cookie" not in seen.headers for seen in canvas.seen)


def _with_cookie(script):
    def answer(handler):
        original = handler.send_header

        def send_header(name, value):
            original(name, value)
            if name == "Content-Type":
                original("Set-Cookie", "store=1; Path=/")
        handler.send_header = send_header
        script(handler)
    return answer


def test_a_dripping_store_ends_at_the_deadline(canvas, store):
    drip = Drip(http_answer(201, {}), interval=0.05)
    store.on("POST", "/upload", drip)

    with pytest.raises(LMSTimeout):
        upload(canvas, store, LMS_DEADLINE=0.5, LMS_TIMEOUT=0.5)
    assert drip.cut_off.wait(timeout=5)


@pytest.mark.parametrize("url", ["ftp://store.example/upload", "file:///etc/passwd", "/upload"])
def test_an_upload_url_that_is_no_http_url_is_a_502(canvas, url):
    with pytest.raises(LMSBadResponse, match="upload_url"):
        upload_file(transport_for(canvas), upload_url=url, params={}, file_name="a",
                    content=b"", media_type="text/plain", lms_origin=canvas.base_url,
                    token=TOKEN, timeout=5)
