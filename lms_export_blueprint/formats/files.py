"""Images and files an HTML text references, found once for every target.

A text may point at ``data:`` URIs, absolute ``http(s)`` URLs and relative paths (docs/formats.md,
"Images and files"). Absolute URLs stay links. The rest is carried into targets that can hold
files: :class:`FileCarrier` gives each file a name, swaps the reference for the target's link
(``$IMS-CC-FILEBASE$...`` in a cartridge, ``@@PLUGINFILE@@/...`` in Moodle XML, a course file URL
in Canvas) and keeps the bytes for the writer. Targets that cannot take files use
:func:`note_files` to warn instead. Relative paths are resolved by the host's optional
``file_loader(course_id, path) -> {"filename", "content_type", "data": bytes} | None``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html import escape, unescape
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from msgspec.structs import replace

from ..warnings import Warnings
from . import model
from .html import looks_like_html, markdown_html, page_is_html

#: The most bytes one carried file may have: a larger one stays out, with a warning. Every
#: package is built in memory, and Moodle's default upload limit is of this order.
MAX_FILE_BYTES = 10 * 1024 * 1024

#: ``src`` of an image, ``href`` of a link: the references the sanitizer keeps.
_REFERENCE = re.compile(r"""(<(?:img|a)\b[^>]*?\s(?:src|href)\s*=\s*)(["'])(.*?)\2""",
                        re.IGNORECASE | re.DOTALL)
_MAYBE_REFERENCE = re.compile(r"(?:src|href)\s*=", re.IGNORECASE)
_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[\w.+-]+)*)(;base64)?,(.*)",
                       re.IGNORECASE | re.DOTALL)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

#: ``(course_id, path) -> {"filename", "content_type", "data"} | None``: the host's files.
FileLoader = Callable[[str, str], "Mapping[str, Any] | None"]
#: A carried file's name -> the URL the target's text links it by.
Linker = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class CarriedFile:
    """A file to write beside the content: ``name`` is unique in the target."""

    name: str
    content_type: str
    data: bytes


def references(html: str) -> list[str]:
    """The ``data:`` URIs and relative paths ``html`` points at (absolute URLs left out)."""
    if "<" not in html or not _MAYBE_REFERENCE.search(html):
        return []
    return [url for match in _REFERENCE.finditer(html)
            if _kind(url := unescape(match.group(3).strip())) is not None]


def note_files(warnings: Warnings, asset: str, content: model.QuestionSet | model.Page,
               target: str) -> None:
    """For a target that cannot take files (GIFT, Forms without a public URL): one warning
    per question or page that references a ``data:`` URI or a relative path."""
    for question, text in html_fields(content):
        if references(text):
            warnings.add(f"images or files left out: {target} cannot carry them (only "
                         "absolute http(s) links stay)", asset=asset, question=question)


class FileCarrier:
    """Collects the files a target's content references, each once, in the order met."""

    def __init__(self, warnings: Warnings, course_id: str | None = None,
                 loader: FileLoader | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.warnings = warnings
        self.files: list[CarriedFile] = []
        self._course_id = course_id
        self._loader = loader
        self._max_bytes = max_bytes
        self._by_source: dict[str, CarriedFile | None] = {}
        self._by_digest: dict[str, CarriedFile] = {}

    def carry(self, content: model.QuestionSet | model.Page, link: Linker, *,
              asset: str) -> model.QuestionSet | model.Page:
        """``content`` with every carried reference swapped for ``link(name)``. A Markdown
        page comes back as the HTML it renders to (``format="html"``)."""
        if isinstance(content, model.Page):
            body = content.body
            if content.format == "markdown" or (content.format is None
                                                and not page_is_html(body)):
                body = markdown_html(body)
            if not references(body):
                return content
            return replace(content, body=self.carry_html(body, link, asset=asset),
                           format="html")
        questions = tuple(self._question(question, number, link, asset)
                          for number, question in enumerate(content.questions, start=1))
        instructions = (self.carry_html(content.instructions, link, asset=asset)
                        if content.instructions else content.instructions)
        return replace(content, instructions=instructions, questions=questions)

    def carry_html(self, text: str, link: Linker, *, asset: str,
                   question: int | None = None) -> str:
        """``text`` with its ``data:`` URIs and relative paths swapped for ``link(name)``;
        what cannot be carried is a warning and stays as it was."""
        if "<" not in text or not _MAYBE_REFERENCE.search(text) or not looks_like_html(text):
            return text

        def swap(match: re.Match[str]) -> str:
            url = unescape(match.group(3).strip())
            kind = _kind(url)
            if kind is None:
                return match.group(0)
            carried = self._file(url, kind, asset, question)
            if carried is None:
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{escape(link(carried.name))}{match.group(2)}"

        return _REFERENCE.sub(swap, text)

    def _question(self, question: model.Question, number: int, link: Linker,
                  asset: str) -> model.Question:
        changes: dict[str, Any] = {}
        for name in ("text", "feedback"):
            value = getattr(question, name)
            if value:
                changes[name] = self.carry_html(value, link, asset=asset, question=number)
        for name in ("options", "option_feedback"):
            values = getattr(question, name, None)
            if values:
                changes[name] = tuple(value and self.carry_html(value, link, asset=asset,
                                                                question=number)
                                      for value in values)
        if isinstance(question, model.Matching):
            changes["pairs"] = tuple(replace(pair, prompt=self.carry_html(
                pair.prompt, link, asset=asset, question=number)) for pair in question.pairs)
        if all(value == getattr(question, name) for name, value in changes.items()):
            return question  # most questions link no file: no copy
        return replace(question, **changes)

    def _file(self, url: str, kind: str, asset: str, question: int | None) -> CarriedFile | None:
        if url not in self._by_source:
            self._by_source[url] = self._fetch(url, kind, asset, question)
        return self._by_source[url]

    def _fetch(self, url: str, kind: str, asset: str, question: int | None) -> CarriedFile | None:
        shown = url if kind == "path" else "a data: URI"
        if kind == "data":
            loaded = _decode_data_uri(url)
        elif self._loader is None or self._course_id is None:
            loaded = None
        else:
            loaded = _checked(self._loader(self._course_id, url), url)
        if loaded is None:
            reason = ("is not a valid data: URI" if kind == "data" else
                      "was not found (no file_loader, or it returned None)")
            self.warnings.add(f"file {shown} {reason}: left as it was", asset=asset,
                              question=question)
            return None
        name, content_type, data = loaded
        if len(data) > self._max_bytes:
            self.warnings.add(f"file {shown} left out: {len(data)} bytes, over the "
                              f"{self._max_bytes}-byte limit", asset=asset, question=question)
            return None
        return self._keep(name, content_type, data)

    def _keep(self, name: str, content_type: str, data: bytes) -> CarriedFile:
        digest = hashlib.sha256(data).hexdigest()
        if digest in self._by_digest:
            return self._by_digest[digest]
        taken = {carried.name for carried in self.files}
        stem, dot, extension = _safe_name(name).rpartition(".")
        if not dot:
            stem, extension = extension, ""
        candidate, number = _safe_name(name), 1
        while candidate in taken:
            number += 1
            candidate = f"{stem}-{number}.{extension}" if extension else f"{stem}-{number}"
        carried = CarriedFile(candidate, content_type, data)
        self.files.append(carried)
        self._by_digest[digest] = carried
        return carried


def html_fields(content: model.QuestionSet | model.Page) -> Iterator[tuple[int | None, str]]:
    """Every text of ``content`` that may hold HTML, with its question's number (None for the
    instructions or a page)."""
    if isinstance(content, model.Page):
        if content.format != "text":
            yield None, (content.body if content.format == "html" or
                         (content.format is None and page_is_html(content.body))
                         else markdown_html(content.body))
        return
    if content.instructions:
        yield None, content.instructions
    for number, question in enumerate(content.questions, start=1):
        yield number, question.text
        if question.feedback:
            yield number, question.feedback
        yield from ((number, option) for option in getattr(question, "options", ()))
        yield from ((number, note) for note in getattr(question, "option_feedback", ()) if note)
        yield from ((number, pair.prompt) for pair in getattr(question, "pairs", ()))


def _kind(url: str) -> str | None:
    """``"data"`` for a data: URI, ``"path"`` for a relative (or site-rooted) path, None for
    anything else: an absolute or scheme-relative URL, an in-page anchor, a query."""
    if url[:5].lower() == "data:":
        return "data"
    if not url or url.startswith(("#", "?", "//")):
        return None
    return None if urlsplit(url).scheme else "path"


def _decode_data_uri(url: str) -> tuple[str, str, bytes] | None:
    match = _DATA_URI.fullmatch(url)
    if match is None:
        return None
    content_type = (match.group(1) or "text/plain").lower()
    try:
        data = (base64.b64decode(match.group(4), validate=False) if match.group(3)
                else unquote_to_bytes(match.group(4)))
    except (binascii.Error, ValueError):
        return None
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"file-{hashlib.sha256(data).hexdigest()[:12]}{extension}", content_type, data


def _checked(loaded: Mapping[str, Any] | None, path: str) -> tuple[str, str, bytes] | None:
    """The loader's answer as (name, type, bytes), or None when it has no such file."""
    if loaded is None:
        return None
    data = loaded.get("data")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"file_loader returned no bytes for {path!r}: 'data' must be bytes")
    name = str(loaded.get("filename") or path.rsplit("/", 1)[-1] or "file")
    content_type = str(loaded.get("content_type") or mimetypes.guess_type(name)[0]
                       or "application/octet-stream")
    return name, content_type, bytes(data)


def _safe_name(name: str) -> str:
    return _UNSAFE_NAME.sub("_", name.rsplit("/", 1)[-1]).strip("._") or "file"
