"""Images and files a pushed text references, uploaded into the course's files, each once per
push, and the text linked to them.

formats/files.py finds ``data:`` URIs and relative paths (the host's ``file_loader``); each
file goes up by Canvas's three-step upload (doc/api/file_uploads.md): ``POST
/api/v1/courses/:id/files`` names it, the bytes go to the ``upload_url`` it gives (another host:
uploads.py, no token, the redirect followed only back to Canvas), and the confirmation gives
the file's id. The text then links ``/courses/:id/files/:file_id/preview``: the course-relative
form Canvas's own editor inserts and rewrites for each reader on the way out
(lib/user_content/files_handler.rb, ``course_file_preview_url`` with a verifier only where the
reader may see the file). Each upload is recorded in the ledger, so a retry uploads nothing
twice; what Canvas's sanitizer drops is said as a warning (formats/losses.py, MathML kept).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ...errors import LMSBadResponse, LMSCourseNotFound
from ...formats import model
from ...formats.files import CarriedFile, FileCarrier, html_fields, references
from ...formats.losses import note_losses
from ...transport import path_segment
from ..base import PushItem
from .api import field_of
from .run import Run

#: Requests per uploaded file: the ticket, the bytes to the store, the confirmation.
UPLOAD_REQUESTS = 3


def requests_planned(contents: Iterable[model.QuestionSet | model.Page]) -> int:
    """The upload requests the texts' files would take (each reference once)."""
    found = {reference for content in contents for _, text in html_fields(content)
             for reference in references(text)}
    return UPLOAD_REQUESTS * len(found)


def file_key(carried: CarriedFile) -> str:
    """The ledger's record of one uploaded file, by its bytes."""
    return "file:" + hashlib.sha256(carried.data).hexdigest()


class CourseFiles:
    """The files of one push's texts, uploaded into one course as they are met."""

    def __init__(self, run: Run, course_id: str) -> None:
        self._run = run
        self._course_id = course_id
        self._carrier = FileCarrier(run.push.warnings, run.push.host_course_id,
                                    run.push.file_loader)
        self._links: dict[str, str] = {}
        #: References met so far, and how many files this run uploaded.
        self._met: set[str] = set()
        self._uploads = 0

    def carried(self, item: PushItem) -> model.QuestionSet | model.Page:
        """The item's content with its files uploaded and linked; its losses said as
        warnings."""
        name, content = item.asset_name, item.content
        note_losses(self._run.push.warnings, name, content, mathml=True)
        met = {reference for _, text in html_fields(content) for reference in references(text)}
        new, uploads = met - self._met, self._uploads
        self._met |= met
        linked = self._carrier.carry(content, self._link, asset=name)
        # progress planned three requests per new reference: a file found elsewhere, already
        # uploaded or not to be had takes none, and its steps are passed
        for _ in range(UPLOAD_REQUESTS * (len(new) - (self._uploads - uploads))):
            self._run.tick()
        return linked

    def _link(self, name: str) -> str:
        if name not in self._links:
            carried = next(f for f in self._carrier.files if f.name == name)
            file_id = self._uploaded(carried)
            self._links[name] = (f"/courses/{path_segment(self._course_id)}/files/"
                                 f"{path_segment(file_id)}/preview")
        return self._links[name]

    def _uploaded(self, carried: CarriedFile) -> str:
        """The Canvas id of ``carried`` in the course: uploaded now, or by an earlier run."""
        run, key = self._run, file_key(carried)
        landed = run.ledger.landed(key)
        if landed is not None:
            return landed
        files = f"/api/v1/courses/{path_segment(self._course_id)}/files"
        ticket = run.api.call("POST", files, run.token, errors={404: LMSCourseNotFound},
                              body={"name": carried.name, "size": len(carried.data),
                                    "content_type": carried.content_type,
                                    "on_duplicate": "rename"}).body
        run.tick()
        if not isinstance(ticket, dict) or not isinstance(ticket.get("upload_params"), dict):
            raise LMSBadResponse("the Canvas file upload answer had no upload_url or params")
        confirmed = run.api.upload(
            str(ticket.get("upload_url")), {str(k): str(v) for k, v in
                                            ticket["upload_params"].items()},
            carried.name, carried.data, carried.content_type, run.token)
        run.tick()
        run.tick()
        file_id = field_of(confirmed, "id", "file")
        run.ledger.write(key, "landed", file_id)
        self._uploads += 1
        return file_id
