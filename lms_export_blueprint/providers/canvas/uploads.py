"""The one call that leaves the LMS's origin: a file upload to where the LMS says, by name.

Canvas uploads a file in three steps (doc/api/file_uploads.md in instructure/canvas-lms):
1. a POST to Canvas names the file and answers ``upload_url`` and ``upload_params``;
2. a ``multipart/form-data`` POST of those params, then the file, to ``upload_url`` — another
   host, often (a file store, S3) — *without* the access token;
3. that answer is a 3xx to Canvas (``/api/v1/files/:id/create_success?...``), which must be
   followed with a GET carrying the token, or a 201 whose ``Location`` gives the file.

Step 2 and 3 are :func:`upload_file`, a named exception to "every call goes to the LMS and
follows no redirect": the POST carries no credential and no cookie, and its redirect is
followed only back to the configured LMS origin, once, explicitly; a redirect anywhere else
is the usual 502 naming the host, and nothing goes there. Deadline and size cap as ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from ...answers import on_origin
from ...bodies import form_data
from ...errors import LMSBadResponse
from ...transport import Answer, Call, Transport

#: Step 2 answers: a redirect (taken by ``redirect_origin``) or 201/200 Created.
_STORED = frozenset({200, 201})


def upload_file(transport: Transport, *, upload_url: str, params: Mapping[str, str],
                file_name: str, content: bytes, media_type: str, lms_origin: str,
                token: str, timeout: float) -> Answer:
    """Send ``content`` to ``upload_url`` with ``params`` (step 2), then confirm it with
    ``token`` on ``lms_origin`` (step 3); the confirmation's JSON answer (the file), or the
    store's answer with ``body`` None when there is nothing on the LMS to confirm."""
    parts = urlsplit(upload_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LMSBadResponse("the LMS gave an upload_url that is not an http(s) URL")
    # doc/api/file_uploads.md: the file "must be posted as the last parameter", as form_data does.
    body = form_data(params, file_name, content, media_type)
    stored = transport.exchange(Call(
        "POST", _path_of(parts.path, parts.query), timeout, repeat_safe=False,
        body=body.data, content_type=body.content_type, root=f"{parts.scheme}://{parts.netloc}",
        accept=_STORED, reads_json=False, redirect_origin=lms_origin,
        secrets=tuple(params.values()), endpoint="file upload"))
    # A 201's Location is followed only on the LMS's origin: the token goes there.
    confirm = stored.location or on_origin(stored.headers.get("Location"), lms_origin)
    if confirm is None:
        return stored
    where = urlsplit(confirm)
    return transport.exchange(Call(
        "GET", _path_of(where.path, where.query), timeout, repeat_safe=True, token=token,
        root=lms_origin.rstrip("/"), endpoint="file upload confirmation"))


def _path_of(path: str, query: str) -> str:
    return (path or "/") + (f"?{query}" if query else "")
