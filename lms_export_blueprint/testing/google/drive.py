"""Drive endpoints: files create and update (metadata, or multipart upload), list, get, delete.

A multipart upload whose metadata names a Google Docs type converts what it carries ("If a
file is created with a Google Doc MIME type, the uploaded content is imported, if possible",
File.mimeType in drive.v3; https://developers.google.com/workspace/drive/api/guides/manage-uploads).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from . import schema
from .api import GoogleError, Request, Route, invalid, page, reply

if TYPE_CHECKING:
    from .double import GoogleDouble

DOCUMENT = "application/vnd.google-apps.document"
#: What a Google Doc imports from (the import formats About.importFormats lists for Docs).
DOC_IMPORTS = ("text/html", "text/plain", "text/markdown", "application/rtf")
#: "Each property ... key and value ... must not exceed 124 bytes" (Add custom file
#: properties, https://developers.google.com/workspace/drive/api/guides/properties), and at
#: most 30 private properties per app.
PROPERTY_BYTES, PROPERTIES_MAX = 124, 30
#: Fields files.list gives each file when ``fields`` asks for none (search-files guide).
LIST_FIELDS = ("kind", "id", "name", "mimeType")


def create_file(double: GoogleDouble, request: Request) -> LMSResponse:
    metadata, media = _read(request, "drive.files.create")
    if metadata.get("id") is not None:
        raise invalid("Generated IDs are not served by this double")
    file: dict[str, Any] = {"id": double.new_file_id(), "name": metadata.get("name") or "Untitled",
            "mimeType": metadata.get("mimeType") or (media[0] if media else
                                                    "application/octet-stream"),
            "owner": request.user_id, "appProperties": {}, "content": "",
            "description": metadata.get("description")}
    _set_properties(file, metadata.get("appProperties"))
    if media is not None:
        _store(file, *media)
    double.files[str(file["id"])] = file
    return reply(200, _shown(file, request))


def update_file(double: GoogleDouble, request: Request, file_id: str) -> LMSResponse:
    """files.update (PATCH): the metadata given, and with an upload a new revision of the
    content; a Doc stays a Doc ("The value cannot be changed unless a new revision is
    uploaded")."""
    file = _owned(double, request, file_id)
    metadata, media = _read(request, "drive.files.update")
    for field in ("name", "description"):
        if field in metadata:
            file[field] = metadata[field]
    _set_properties(file, metadata.get("appProperties"))
    if media is not None:
        _store(file, *media)
    return reply(200, _shown(file, request))


def get_file(double: GoogleDouble, request: Request, file_id: str) -> LMSResponse:
    return reply(200, _shown(_owned(double, request, file_id), request))


def delete_file(double: GoogleDouble, request: Request, file_id: str) -> LMSResponse:
    """files.delete: 204 with no body; a form goes with its file."""
    _owned(double, request, file_id)
    del double.files[file_id]
    double.forms.pop(file_id, None)
    return LMSResponse(204, b"", {})


def list_files(double: GoogleDouble, request: Request) -> LMSResponse:
    """files.list: the caller's files matching ``q`` (with ``drive.file``, only those this
    app made: every file in the double is one)."""
    test = _query(request.query.get("q", ""))
    found = [file for file in double.files.values()
             if file["owner"] == request.user_id and test(file)]
    answer = page(request, [_shown(file, request, listed=True) for file in found], "files")
    payload = json.loads(answer.body)
    payload = {"kind": "drive#fileList", "incompleteSearch": False,
               "files": payload.get("files", []), **payload}
    return reply(200, payload)


def _read(request: Request, method_id: str) -> tuple[dict[str, Any], tuple[str, bytes] | None]:
    """The metadata (checked against File) and the media ``(content type, bytes)`` of a
    metadata-only call, of ``uploadType=media`` (content only), or of
    ``uploadType=multipart``: "multipart/related", the metadata part first, then the media
    (manage-uploads guide, "Perform a multipart upload")."""
    upload = request.path.startswith("/upload/")
    if not upload:
        metadata = request.json()
        schema.check_body(method_id, metadata)
        return metadata, None
    content_type = request.headers.get("Content-Type", "")
    if request.query.get("uploadType") == "media":  # content only, no metadata
        return {}, (content_type.split(";")[0].strip(), request.body)
    if request.query.get("uploadType") != "multipart":
        raise invalid("This double serves uploadType=multipart and media uploads only")
    if not content_type.startswith("multipart/related"):
        raise invalid("A multipart upload is sent as multipart/related")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body)
    parts = list(message.iter_parts()) if message.is_multipart() else []
    if len(parts) != 2 or parts[0].get_content_type() != "application/json":
        raise invalid("A multipart upload holds the JSON metadata, then the media")
    try:
        metadata = json.loads(_payload(parts[0]) or b"{}")
    except ValueError:
        raise invalid("Invalid JSON payload received in the metadata part") from None
    schema.check_body(method_id, metadata)
    return metadata, (parts[1].get_content_type(), _payload(parts[1]))


def _payload(part: Any) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _store(file: dict[str, Any], content_type: str, media: bytes) -> None:
    if file["mimeType"] == DOCUMENT:
        if content_type not in DOC_IMPORTS:
            raise invalid(f"{content_type} cannot be imported into a Google Doc")
        file["content"] = media.decode("utf-8", errors="replace")
        file["importedFrom"] = content_type
    elif file["mimeType"].startswith("application/vnd.google-apps."):
        raise invalid(f"{file['mimeType']} is not an import target this double serves")
    else:
        file["content"] = media.decode("utf-8", errors="replace")
    file["revisions"] = file.get("revisions", 0) + 1


def _set_properties(file: dict[str, Any], given: dict[str, Any] | None) -> None:
    """appProperties: entries with null values are cleared (File.appProperties)."""
    for key, value in (given or {}).items():
        if value is None:
            file["appProperties"].pop(key, None)
            continue
        if len((key + value).encode()) > PROPERTY_BYTES:
            raise invalid(f"The property {key!r} is longer than {PROPERTY_BYTES} bytes")
        file["appProperties"][key] = value
    if len(file["appProperties"]) > PROPERTIES_MAX:
        raise invalid(f"A file holds at most {PROPERTIES_MAX} private properties per app")


def _owned(double: GoogleDouble, request: Request, file_id: str) -> dict[str, Any]:
    file = double.files.get(file_id)
    if file is None or file["owner"] != request.user_id:
        # Drive names the file it cannot find, for a file the caller may not see too.
        raise GoogleError(404, f"File not found: {file_id}.", reason="notFound")
    return file


def _shown(file: dict[str, Any], request: Request, *, listed: bool = False) -> dict[str, Any]:
    """The fields asked for (``fields``), or Drive's default few."""
    fields = request.query.get("fields", "")
    shown = {"kind": "drive#file", **{key: file[key] for key in LIST_FIELDS[1:]}}
    for extra in ("appProperties", "description", "webViewLink"):
        if re.search(rf"\b{extra}\b", fields):
            shown[extra] = (f"https://docs.google.com/document/d/{file['id']}/edit"
                            if extra == "webViewLink" else file.get(extra))
    return shown


_TERM = re.compile(
    r"\s*(?:appProperties\s+has\s*\{\s*key\s*=\s*'((?:[^'\\]|\\.)*)'\s+and\s+value\s*=\s*"
    r"'((?:[^'\\]|\\.)*)'\s*\}|(trashed)\s*=\s*(true|false)|(mimeType|name)\s*=\s*"
    r"'((?:[^'\\]|\\.)*)')\s*")


def _query(q: str) -> Callable[[dict[str, Any]], bool]:
    """The few search terms the double knows (Search query terms and operators,
    https://developers.google.com/workspace/drive/api/guides/ref-search-terms), joined by
    ``and``; any other query is Drive's 400 "Invalid Value" for ``q``."""
    terms: list[tuple[str, str, str]] = []
    rest = q.strip()
    while rest:
        match = _TERM.match(rest)
        if match is None:
            raise GoogleError(400, "Invalid Value", reason="invalid")
        key, value, trashed, truth, field, wanted = match.groups()
        if key is not None:
            terms.append(("property", _unquote(key), _unquote(value)))
        elif trashed is not None:
            terms.append(("trashed", "", truth))
        else:
            terms.append(("field", field, _unquote(wanted)))
        rest = rest[match.end():]
        if rest:
            if not rest.startswith("and "):
                raise GoogleError(400, "Invalid Value", reason="invalid")
            rest = rest[4:]
    return lambda file: all(_holds(file, term) for term in terms)


def _holds(file: dict[str, Any], term: tuple[str, str, str]) -> bool:
    kind, name, value = term
    if kind == "property":
        return bool(file["appProperties"].get(name) == value)
    if kind == "trashed":
        return value == "false"  # nothing in the double is ever trashed
    return bool(file[name] == value)


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


ROUTES: list[Route] = [
    ("POST", r"/drive/v3/files", "drive.files.create", create_file),
    ("POST", r"/upload/drive/v3/files", "drive.files.create", create_file),
    ("GET", r"/drive/v3/files", "drive.files.list", list_files),
    ("GET", r"/drive/v3/files/([^/]+)", "drive.files.get", get_file),
    ("PATCH", r"/drive/v3/files/([^/]+)", "drive.files.update", update_file),
    ("PATCH", r"/upload/drive/v3/files/([^/]+)", "drive.files.update", update_file),
    ("DELETE", r"/drive/v3/files/([^/]+)", "drive.files.delete", delete_file),
]
