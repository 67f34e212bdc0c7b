"""The loader for push bodies already in the canonical shape; None for anything else.

Why it exists: ``PushRequestSchema`` loads a body through marshmallow's per-field machinery,
two validators per asset name; in a server, where each push runs cold after its LMS wait,
that is 0.3 ms of a 10-asset push (BENCHMARKS.md). A body whose keys and JSON types are
exactly the documented ones (docs/routes.md) is decoded here by one ``msgspec.convert``,
which checks the keys, the types and the lengths in C; Python then checks what it cannot:
repeated names, ``.`` and ``..`` as a course id, text with no UTF-8 form, an unregistered
format. Anything else (``"publish": "true"``, an unknown key, an invalid value) makes it
decline, and the schema, the one source of error messages, loads the body as before.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Annotated, Any

from msgspec import Meta, Struct
from msgspec.structs import asdict

from .bodies import sendable
from .formats.fast_path import converted
from .limits import (
    DOT_SEGMENTS,
    MAX_ASSET_NAME_LENGTH,
    MAX_ASSETS,
    MAX_ID_LENGTH,
    MAX_PLACE_NAME_LENGTH,
)

_Name = Annotated[str, Meta(min_length=1, max_length=MAX_ASSET_NAME_LENGTH)]
_Place = Annotated[str, Meta(min_length=1, max_length=MAX_PLACE_NAME_LENGTH)]


class _CanonicalPush(Struct, frozen=True, forbid_unknown_fields=True):
    asset_names: Annotated[list[_Name], Meta(min_length=1, max_length=MAX_ASSETS)]
    asset_type: list[Annotated[str, Meta(min_length=1)]] | None = None
    lms_course_id: Annotated[str, Meta(min_length=1, max_length=MAX_ID_LENGTH)] | None = None
    publish: bool = True
    module: _Place | None = None
    assignment_group: _Place | None = None
    export_format: str = "lms_standard"


def load_canonical_push(body: Any, formats: Container[str]) -> dict[str, Any] | None:
    """The push body as ``PushRequestSchema`` loads it, when it is canonical and valid and
    names one of ``formats``; None means "ask the schema"."""
    push = converted(body, _CanonicalPush) if type(body) is dict else None
    if push is None:
        return None
    names = push.asset_names
    if (len(set(names)) != len(names) or push.lms_course_id in DOT_SEGMENTS
            or push.export_format not in formats or not _sendable(push)):
        return None
    return asdict(push)


def _sendable(push: _CanonicalPush) -> bool:
    """Whether every text of ``push`` has a UTF-8 form (one check of them all, joined)."""
    return sendable("".join([*push.asset_names, *(push.asset_type or ()),
                             push.lms_course_id or "", push.module or "",
                             push.assignment_group or "", push.export_format]))
