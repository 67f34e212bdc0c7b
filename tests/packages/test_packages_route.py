"""POST {prefix}/courses/{course_id}/export-package: the file, its name and warnings, and the
401/404/422 answers of a push; never an LMS call (docs/packages.md)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from urllib.parse import unquote

import pytest
from package_course import make_package_app
from readers import open_zip, read_cc_manifest, read_gift

from lms_export_blueprint.packages import (
    PACKAGES,
    WARNINGS_HEADER,
    Built,
    PackageKind,
    register_package,
)

BEARER = {"Authorization": "Bearer teacher-token"}
URL = "/api/courses/bio/export-package"



@pytest.fixture
def package_client(fake_lms):
    """The host app's client; its LMS is the fake one, which must never be called."""
    return make_package_app(fake_lms.base_url).test_client()


def export(client, url=URL, headers=BEARER, **body):
    body.setdefault("asset_names", ["every-type", "notes"])
    body.setdefault("package", "imscc")
    return client.post(url, json=body, headers=headers)


@pytest.mark.parametrize(("package", "content_type", "extension"), [
    ("imscc", "application/vnd.ims.imsccv1p1", "imscc"),
    ("qti", "application/zip", "zip"),
    ("moodle_xml", "application/xml; charset=utf-8", "xml"),
    ("gift", "text/plain; charset=utf-8", "txt"),
])
def test_each_package_answers_200_with_its_type_and_a_file_name(package_client, package,
                                                                content_type, extension):
    response = export(package_client, package=package)

    assert response.status_code == 200
    assert response.content_type == content_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f".{extension}\"; filename*=UTF-8''" in disposition


def test_the_file_name_is_ascii_safe_with_the_real_name_in_filename_star(package_client):
    response = export(package_client)

    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii()
    ascii_name = disposition.split('filename="')[1].split('"')[0]
    real_name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert ascii_name == "Biologia 101_ _Ano_ 2.imscc"
    assert real_name == 'Biología 101: "Año" 2 ✓.imscc'  # the "/" of COURSE_NAME taken out


def test_the_imscc_answer_is_the_cartridge_of_the_named_assets(package_client):
    response = export(package_client, asset_names=["notes", "exam"])

    _, items = read_cc_manifest(open_zip(response.data))
    assert [item.title for item in items] == ["Light & dark reactions ☀", "Exam/2026"]


def test_conversions_and_drops_are_in_the_warnings_header(package_client):
    response = export(package_client, package="gift", asset_names=["every-type", "notes"])

    warnings = [unquote(w) for w in response.headers[WARNINGS_HEADER].split("; ")]
    assert [w.split(": ")[-1] for w in warnings] == [
        "Moodle category title shortened to 255 characters, the most question_categories.name "
        "holds",
        *["points left at 1 (GIFT has no points, so set the marks in Moodle)"] * 3,
        "pages left out (this package holds questions only)"]
    assert [w.split(": ")[0] for w in warnings] == ["every-type"] * 4 + ["notes"]
    assert len(read_gift(response.data.decode("utf-8"))) == 7


def test_warnings_about_a_unicode_asset_are_percent_encoded_utf8(package_client):
    response = export(package_client, package="qti", asset_names=["exam", "ünïcode-asset"])

    header = response.headers[WARNINGS_HEADER]
    assert header.isascii()
    assert unquote(header).startswith("ünïcode-asset: ")


def test_a_package_with_nothing_to_convert_has_no_warnings_header(package_client):
    response = export(package_client, package="qti", asset_names=["exam"])

    assert response.status_code == 200
    assert WARNINGS_HEADER not in response.headers


def test_no_lms_is_called_and_no_lms_token_is_needed(package_client, fake_lms):
    response = export(package_client, package="imscc")

    assert response.status_code == 200
    assert fake_lms.calls == []


def test_the_file_is_never_cached_by_a_shared_cache(package_client):
    assert export(package_client).headers["Cache-Control"] == "no-store"


def test_without_a_host_bearer_it_is_401_before_the_body_is_read(package_client):
    response = package_client.post(URL, data="not json", headers={})

    assert response.status_code == 401
    assert "detail" in response.json


def test_an_unknown_package_is_422_naming_the_field_and_the_known_ones(package_client):
    response = export(package_client, package="scorm")

    assert response.status_code == 422
    assert response.json["errors"] == {
        "package": ["Must be one of: imscc, qti, moodle_xml, gift."]}


def test_a_missing_package_field_is_422(package_client):
    response = package_client.post(URL, json={"asset_names": ["exam"]}, headers=BEARER)

    assert response.status_code == 422
    assert "package" in response.json["errors"]


def test_duplicate_asset_names_are_422_as_for_a_push(package_client):
    response = export(package_client, asset_names=["exam", "exam"])

    assert response.status_code == 422
    assert response.json["errors"]["asset_names"] == ["Duplicate asset names: exam."]


def test_an_unknown_course_is_404(package_client):
    response = export(package_client, url="/api/courses/nope/export-package")

    assert response.status_code == 404
    assert response.json["detail"] == "Course not found"


def test_missing_assets_are_404_naming_every_one(package_client):
    response = export(package_client, asset_names=["exam", "gone", "lost"])

    assert response.status_code == 404
    assert "gone" in response.json["detail"] and "lost" in response.json["detail"]


def test_invalid_asset_content_is_422_naming_the_asset(package_client):
    response = export(package_client, asset_names=["exam", "broken"])

    assert response.status_code == 422
    assert response.json["detail"].startswith("Invalid asset data: broken")


def test_an_asset_of_a_type_not_asked_for_is_422(package_client):
    response = export(package_client, asset_names=["exam", "notes"],
                      asset_type=["question-paper"])

    assert response.status_code == 422
    assert "notes" in response.json["detail"]


def test_the_openapi_document_describes_the_binary_answer(package_client):
    spec = package_client.get("/api/docs/openapi.json").json

    operation = spec["paths"]["/api/courses/{course_id}/export-package"]["post"]
    ok = operation["responses"]["200"]
    assert ok["content"]["application/zip"]["schema"] == {"type": "string", "format": "binary"}
    assert set(ok["content"]) == {"application/vnd.ims.imsccv1p1", "application/zip",
                                  "application/xml", "text/plain"}
    assert {"Content-Disposition", WARNINGS_HEADER} <= set(ok["headers"])
    assert {"401", "404", "422"} <= set(operation["responses"])
    assert operation["security"] == [{"hostBearer": []}]


def test_the_openapi_document_describes_each_package_in_its_own_words(fake_lms):
    register_package(PackageKind("titles", "txt", "text/plain", lambda content: Built(b""),
                                 description="the asset names, one a line"))
    register_package(PackageKind("bare", "txt", "text/plain", lambda content: Built(b"")))
    try:
        spec = make_package_app(fake_lms.base_url).test_client().get(
            "/api/docs/openapi.json").json
    finally:
        del PACKAGES["titles"], PACKAGES["bare"]

    package = spec["components"]["schemas"]["PackageRequest"]["properties"]["package"]
    assert package["enum"] == ["imscc", "qti", "moodle_xml", "gift", "titles", "bare"]
    assert package["description"].split("; ") == [
        "imscc: IMS Common Cartridge 1.1", "qti: QTI 1.2 zip for Canvas",
        "moodle_xml: Moodle XML", "gift: Moodle GIFT text",
        "titles: the asset names, one a line", "bare"]


def test_a_package_is_a_whole_zip_even_for_a_large_course(package_client):
    response = export(package_client, asset_names=["every-type", "exam", "notes"])

    with zipfile.ZipFile(BytesIO(response.data)) as archive:
        assert archive.testzip() is None
