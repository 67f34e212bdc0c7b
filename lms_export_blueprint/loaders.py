"""The host's three callbacks, with defaults that say what to register, and what they return.

The token loader (``@lms_export.token_loader``, once ``user_loader``) is ``user`` here: it
turns the host's bearer token into a user id.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from .bodies import sendable
from .errors import LMSExportError

if TYPE_CHECKING:
    import sqlite3

UserLoader = Callable[[str], "str | None"]
CourseLoader = Callable[[str], "Mapping[str, Any] | sqlite3.Row | None"]
AssetLoader = Callable[[str, str], "Mapping[str, Any] | sqlite3.Row | None"]
#: (course id, relative path) -> {"filename", "content_type", "data": bytes} or None.
FileLoader = Callable[[str, str], "Mapping[str, Any] | None"]

#: Keys without which a course or an asset cannot be pushed.
REQUIRED_COURSE_KEYS = ("name",)
REQUIRED_ASSET_KEYS = ("asset_type",)


class LoaderMissing(LMSExportError, RuntimeError):
    """500: the host registered no callback for a loader; the detail names the decorator."""

    status = 500

    def __init__(self, decorator: str) -> None:
        self.decorator = decorator
        super().__init__(
            f"LMSExport has no {decorator}: decorate a function with @lms_export.{decorator} "
            f"or pass {decorator}= to LMSExport(...) or init_app(...)"
        )


class LoaderResultInvalid(LMSExportError):
    """500: a loader returned something that is not a course or an asset; says which and why."""

    status = 500


def _missing(decorator: str) -> Callable[..., Any]:
    def callback(*_: Any) -> Any:
        raise LoaderMissing(decorator)
    callback.lms_export_missing = decorator  # type: ignore[attr-defined]
    return callback


@dataclass
class Loaders:
    """Bearer token -> user id, course id -> course, (course id, asset name) -> asset, and
    optionally (course id, path) -> file."""

    user: UserLoader = _missing("token_loader")  # noqa: RUF009 (a shared function is the point)
    course: CourseLoader = _missing("course_loader")  # noqa: RUF009
    asset: AssetLoader = _missing("asset_loader")  # noqa: RUF009
    #: Optional: without it, a relative image or file path is a warning (docs/formats.md).
    file: FileLoader | None = None

    def missing(self) -> list[str]:
        """The decorators the host has not used yet, e.g. ``["asset_loader"]``."""
        return [getattr(self, field.name).lms_export_missing for field in fields(self)
                if hasattr(getattr(self, field.name), "lms_export_missing")]

    def load_course(self, course_id: str) -> dict[str, Any] | None:
        """The course as a plain dict, or None when the host has no such course."""
        return _checked(self.course(course_id), "course_loader", f"course {course_id!r}",
                        REQUIRED_COURSE_KEYS)

    def load_asset(self, course_id: str, asset_name: str) -> dict[str, Any] | None:
        """The asset as a plain dict, or None when the course has no such asset."""
        return _checked(self.asset(course_id, asset_name), "asset_loader",
                        f"asset {asset_name!r} of course {course_id!r}", REQUIRED_ASSET_KEYS)


def _checked(loaded: Any, loader: str, what: str,
             required: tuple[str, ...]) -> dict[str, Any] | None:
    """A loader's answer as a dict with ISO 8601 dates, or an error naming loader and key."""
    if loaded is None:
        return None
    # A sqlite3.Row comes from a host that imported sqlite3; the rest need not pay for it.
    sqlite3_module = sys.modules.get("sqlite3")
    if sqlite3_module is not None and isinstance(loaded, sqlite3_module.Row):
        record = {key: loaded[key] for key in loaded.keys()}  # noqa: SIM118 (Row has no iter of keys)
    elif isinstance(loaded, Mapping):
        record = dict(loaded)
    else:
        raise LoaderResultInvalid(
            f"{loader} returned a {type(loaded).__name__} for {what}: return a dict (any "
            f"Mapping, or a sqlite3.Row), or None when there is none")
    absent = [key for key in required if record.get(key) is None]
    if absent:
        raise LoaderResultInvalid(
            f"{loader} returned {what} without {', '.join(repr(key) for key in absent)}")
    unsendable = []
    for key, value in record.items():
        if type(value) is str:
            # A name or date the LMS would get (the formats clean the content's texts).
            if key != "asset_content" and not sendable(value):
                unsendable.append(key)
        elif isinstance(value, (datetime.date, datetime.time)):
            # A DATETIME column or an ORM attribute arrives as a date: the LMS gets ISO 8601
            # text. (A value replaced, not a key added: the walk goes on safely.)
            record[key] = value.isoformat()
    if unsendable:
        raise LoaderResultInvalid(
            f"{loader} returned {what} whose {', '.join(repr(key) for key in unsendable)} "
            "is not valid Unicode text (it holds a lone surrogate)")
    return record
