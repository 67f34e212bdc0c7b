"""Course files by Canvas's three-step upload (doc/api/file_uploads.md).

1. ``POST /api/v1/courses/:id/files`` (courses_controller.rb#create_file) with ``name``,
   ``size``, ``content_type``: a pending file, and where to send it (``upload_url``, on the
   file store: another host) with ``upload_params`` to send back unchanged;
2. ``POST <upload_url>``, multipart, those params then ``file`` last, *without* the token: the
   store keeps the bytes and answers ``301`` to ``/api/v1/files/:id/create_success?uuid=``;
3. ``GET`` that (files_controller.rb#api_create_success, found by id and ``uuid``; no context
   needed): the file, now available, as lib/api/v1/attachment.rb shows it.
"""

from __future__ import annotations

import secrets
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from .api import Request, Route, error, not_found, reply
from .courses import managed_course

if TYPE_CHECKING:
    from .double import CanvasDouble

#: Where step 2 goes: the file store's own path, on its own host (``file_store_url``).
UPLOAD_PATH = "/files_api/upload/"


def _file_json(canvas: CanvasDouble, stored: dict[str, Any]) -> dict[str, Any]:
    return {"id": stored["id"], "uuid": stored["uuid"], "display_name": stored["name"],
            "filename": stored["name"], "content-type": stored["content_type"],
            "size": len(stored["data"]), "folder_id": None,
            "url": f"{canvas.base_url}/files/{stored['id']}/download?download_frd=1"
                   f"&verifier={stored['uuid']}"}


def _create_file(canvas: CanvasDouble, request: Request, course_id: str) -> LMSResponse:
    """Step 1: a pending file in the course; 400 without ``name``."""
    course = managed_course(canvas, request, course_id)
    if isinstance(course, LMSResponse):
        return course
    name = str(request.params.get("name") or "").strip()
    if not name:
        return error(400, "name is required")
    file_id, ticket = canvas.next_id(), secrets.token_urlsafe(12)
    canvas.files[file_id] = {
        "id": file_id, "course_id": course["id"], "name": name, "ticket": ticket,
        "uuid": secrets.token_urlsafe(16), "content_type": str(
            request.params.get("content_type") or "application/octet-stream"),
        "data": b"", "state": "pending"}
    return reply(200, {"upload_url": f"{canvas.file_store_url}{UPLOAD_PATH}{ticket}",
                       "upload_params": {"filename": name, "content_type":
                                         canvas.files[file_id]["content_type"]}})


def receive_upload(canvas: CanvasDouble, ticket: str, headers: dict[str, str],
                   body: bytes) -> LMSResponse:
    """Step 2, on the file store: the params exactly as step 1 gave them, then ``file``."""
    stored = next((f for f in canvas.files.values() if f["ticket"] == ticket), None)
    if stored is None or stored["state"] != "pending":
        return error(400, "unknown or used upload")
    parts = _form_parts(headers.get("Content-Type", ""), body)
    if parts is None or not parts or parts[-1][0] != "file":
        return error(400, "the file must be the last part of a multipart/form-data body")
    sent = {name: value.decode() for name, value in parts[:-1]}
    if sent != {"filename": stored["name"], "content_type": stored["content_type"]}:
        return error(400, "the upload_params were changed")
    stored["data"], stored["state"] = parts[-1][1], "uploaded"
    location = (f"{canvas.base_url}/api/v1/files/{stored['id']}/create_success"
                f"?uuid={stored['uuid']}")
    return LMSResponse(301, b"", {"Location": location})


def _create_success(canvas: CanvasDouble, request: Request, file_id: str) -> LMSResponse:
    """Step 3: the uploaded file made available; 400 for a wrong ``uuid``."""
    stored = canvas.files.get(int(file_id))
    if stored is None:
        return not_found()
    if request.params.get("uuid") != stored["uuid"] or stored["state"] == "pending":
        return error(400, "invalid uuid")
    stored["state"] = "available"
    return reply(200, _file_json(canvas, stored))


def _form_parts(content_type: str, body: bytes) -> list[tuple[str, bytes]] | None:
    """The parts of a multipart/form-data body, in order, as (field name, bytes)."""
    if not content_type.startswith("multipart/form-data"):
        return None
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not message.is_multipart():
        return None
    parts: list[tuple[str, bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts.append((str(name), payload if isinstance(payload, bytes) else b""))
    return parts


ROUTES: list[Route] = [
    ("POST", r"/api/v1/courses/(\d+)/files", _create_file),
]
#: Routes Canvas answers without a token: the uuid is the proof.
PUBLIC_ROUTES: list[Route] = [
    ("GET", r"/api/v1/files/(\d+)/create_success", _create_success),
]
