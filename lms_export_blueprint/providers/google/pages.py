"""A page as a Google Doc made from its HTML, handed out as course material.

Drive converts what a multipart upload carries when the metadata names a Google Docs type
(File.mimeType, drive.v3; "Import to Google Docs types" in
https://developers.google.com/workspace/drive/api/guides/manage-uploads). The Doc carries
the extension's mark in ``appProperties`` (private to this app: File.appProperties), so a page
pushed again is found by the mark — never by title — and its content replaced.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ...bodies import multipart_related
from ...formats.html import page_html
from ...formats.model import Page
from ...transport import Answer
from ..ledger import Ledger
from .api import GoogleAPI, field_of, segment

DOCUMENT = "application/vnd.google-apps.document"
#: appProperties keys: the Classroom course, and the host course and asset (hashed: a key and
#: its value "must not exceed 124 bytes", Add custom file properties,
#: https://developers.google.com/workspace/drive/api/guides/properties).
COURSE_KEY, ASSET_KEY = "lmsExportCourse", "lmsExportAsset"

_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class Placement:
    """Where the page goes: the course, its topic, publish or draft."""

    token: str
    course_id: str
    topic_id: str | None
    publish: bool


def lost_images(page: Page) -> list[str]:
    """Images a Doc cannot show: a relative path names a file of the host app that Drive
    cannot fetch (only ``http(s)`` and ``data:`` sources travel in the HTML)."""
    return [src for src in _IMAGE.findall(page_html(page.body))
            if not src.startswith(("https://", "http://", "data:"))]


def mark_of(course_id: str, host_course_id: str, asset_name: str) -> dict[str, str]:
    """The Classroom course, and the host course and asset the Doc came from (hashed)."""
    origin = f"{host_course_id}\n{asset_name}".encode()
    return {COURSE_KEY: course_id, ASSET_KEY: hashlib.sha256(origin).hexdigest()[:40]}


def put_page(api: GoogleAPI, place: Placement, host_course_id: str, asset_name: str,
             page: Page, ledger: Ledger, key: str, look_up: bool,
             tick: Callable[[], None]) -> str:
    """The course-work-material id handing out the page's Doc."""
    mark = mark_of(place.course_id, host_course_id, asset_name)
    record = ledger.record(key) or {}
    doc_id = record.get("doc")
    if doc_id is None and (look_up or record):
        doc_id = _marked_doc(api, place.token, mark)
        tick()
    html = _document(page)
    if doc_id is None:
        ledger.write(key, "pending")  # an unanswered upload is found by its mark next time
        answer = _upload(api, place.token, "POST", "/upload/drive/v3/files",
                         {"name": page.title, "mimeType": DOCUMENT, "appProperties": mark},
                         html)
        doc_id = field_of(answer, "id", "Drive file")
        material_id = None
    else:
        _upload(api, place.token, "PATCH", f"/upload/drive/v3/files/{segment(doc_id)}",
                {"name": page.title}, html)
        material_id = _material_holding(api, place, doc_id)
        tick()
    tick()
    ledger.write(key, "building", None, doc=doc_id)
    if material_id is None:
        material_id = _hand_out(api, place, page.title, doc_id)
        tick()
    ledger.write(key, "landed", material_id, doc=doc_id)
    return material_id


def _document(page: Page) -> bytes:
    """A whole HTML document: Drive takes its ``<title>`` and body."""
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(page.title)}"
            f"</title></head><body>{page_html(page.body)}</body></html>").encode()


def _upload(api: GoogleAPI, token: str, method: str, path: str, metadata: dict[str, object],
            html: bytes) -> Answer:
    """``uploadType=multipart``: "multipart/related", the JSON metadata then the media (Drive:
    "the metadata part must come first")."""
    body = multipart_related(metadata, html, "text/html; charset=UTF-8")
    return api.call(method, "drive", path, token, repeat_safe=method != "POST",
                    query={"uploadType": "multipart", "fields": "id"}, raw=body)


def _marked_doc(api: GoogleAPI, token: str, mark: dict[str, str]) -> str | None:
    """The Doc carrying ``mark`` (Drive search: ``appProperties has { key='k' and
    value='v' }``, https://developers.google.com/workspace/drive/api/guides/ref-search-terms)."""
    terms = [f"appProperties has {{ key='{key}' and value='{value}' }}"
             for key, value in mark.items()]
    found = api.items("drive", "/drive/v3/files", "files", token, query={
        "q": " and ".join([*terms, "trashed = false"]), "fields": "nextPageToken,files(id)"})
    file_id = next((file.get("id") for file in found), None)
    return file_id if isinstance(file_id, str) and file_id else None


def _material_holding(api: GoogleAPI, place: Placement, doc_id: str) -> str | None:
    """The material that hands out ``doc_id`` (courseWorkMaterials.list ``materialDriveId``)."""
    found = api.items("classroom", f"/v1/courses/{segment(place.course_id)}/courseWorkMaterials",
                      "courseWorkMaterial", place.token, query=[
                          ("materialDriveId", doc_id),
                          ("courseWorkMaterialStates", "PUBLISHED"),
                          ("courseWorkMaterialStates", "DRAFT")])
    material_id = next((item.get("id") for item in found), None)
    return material_id if isinstance(material_id, str) and material_id else None


def _hand_out(api: GoogleAPI, place: Placement, title: str, doc_id: str) -> str:
    """courseWorkMaterials.create with the Doc as a ``driveFile`` students view."""
    body: dict[str, object] = {
        "title": title, "state": "PUBLISHED" if place.publish else "DRAFT",
        "materials": [{"driveFile": {"driveFile": {"id": doc_id}, "shareMode": "VIEW"}}]}
    if place.topic_id:
        body["topicId"] = place.topic_id
    answer = api.call("POST", "classroom",
                      f"/v1/courses/{segment(place.course_id)}/courseWorkMaterials",
                      place.token, body=body)
    return field_of(answer, "id", "course work material")
