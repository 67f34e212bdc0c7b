"""The shapes every package writer shares: what goes in, what comes out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..formats import model
from ..formats.files import FileCarrier, FileLoader
from ..warnings import Warnings

Content = model.QuestionSet | model.Page


@dataclass(frozen=True, slots=True)
class CourseContent:
    """A course's name and its named assets' content, in the order asked for."""

    course_name: str
    assets: tuple[tuple[str, Content], ...]
    #: Where relative image and file paths are resolved (the host's ``file_loader``).
    course_id: str | None = None
    file_loader: FileLoader | None = None

    def carrier(self, warnings: Warnings) -> FileCarrier:
        """A file carrier for this course's images and files, warning into ``warnings``."""
        return FileCarrier(warnings, self.course_id, self.file_loader)


@dataclass(frozen=True, slots=True)
class Built:
    """A package's bytes and what it had to drop or convert on the way."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PackageKind:
    name: str
    extension: str
    content_type: str
    build: Callable[[CourseContent], Built]
    #: The question types it holds; another is a 422 naming it before anything is built.
    question_types: frozenset[type[model.Question]] = frozenset()
    #: What it is, in a few words: the OpenAPI document's description of ``package``.
    description: str = ""


PAGES_DROPPED = "pages left out (this package holds questions only)"
