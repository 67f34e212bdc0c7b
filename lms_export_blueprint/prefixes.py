"""The two config prefixes, and a key set under one that the other was meant for.

``LMS_`` keys are about the LMS side (where it is, how long to wait, the token store, jobs);
``LMS_EXPORT_`` keys are about the extension's own face: its routes' URL prefix and its own
OpenAPI document and docs page (docs/configuration.md, "Two prefixes"). The look-alike pair is
``LMS_API_VERSION`` (a path segment of the LMS's API, ``v1``) and ``LMS_EXPORT_API_VERSION``
(the version of the extension's own OpenAPI document, ``1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

LMS_SIDE = "LMS_"
OWN_SIDE = "LMS_EXPORT_"
#: Keys read by prefix and passed on: any name under them is a real setting.
PASSED_ON = ("LMS_TOKEN_CACHE_", "LMS_EXPORT_OPENAPI_")

#: A document version: digits and dots, as ``API_VERSION`` of an OpenAPI document reads.
_DOCUMENT_VERSION = re.compile(r"^\d+(\.\d+)*$")
#: An API path segment: ``v`` then digits, as an LMS's REST API is versioned.
_PATH_VERSION = re.compile(r"^[vV]\d+$")


def prefix_warnings(config: Mapping[str, Any], known: Iterable[str]) -> list[str]:
    """What is set under one prefix that the other was meant for, each as one line.

    ``config`` has every key's default set (``config.set_defaults``).

    - a key that is not ours but is one of ours with the other prefix (``LMS_URL_PREFIX`` for
      ``LMS_EXPORT_URL_PREFIX``, ``LMS_EXPORT_TIMEOUT`` for ``LMS_TIMEOUT``);
    - ``LMS_API_VERSION`` shaped like a document version (digits and dots: ``1``, ``2.0``);
    - ``LMS_EXPORT_API_VERSION`` shaped like an API path segment (``v2``) and different from
      ``LMS_API_VERSION``.
    """
    known = frozenset(known)
    found = [_misplaced(name, counterpart)
             for name in sorted(name for name in config if isinstance(name, str))
             if name.startswith(LMS_SIDE) and name not in known
             and not name.startswith(PASSED_ON)
             and _is_ours(counterpart := _other_side(name), known)]
    lms_version = config["LMS_API_VERSION"]
    own_version = config["LMS_EXPORT_API_VERSION"]
    if isinstance(lms_version, str) and _DOCUMENT_VERSION.match(lms_version.strip("/")):
        found.append(f"LMS_API_VERSION is {lms_version!r}, which reads like a document version: "
                     f"it is the LMS API's path segment (calls go to .../api/{lms_version}/...),"
                     f" usually 'v1'; the extension's own OpenAPI document's version is "
                     f"LMS_EXPORT_API_VERSION")
    if (isinstance(own_version, str) and _PATH_VERSION.match(own_version)
            and own_version != lms_version):
        found.append(f"LMS_EXPORT_API_VERSION is {own_version!r}, which reads like an LMS API "
                     f"path segment: it only versions the extension's own OpenAPI document; "
                     f"the LMS API's segment is LMS_API_VERSION (now {lms_version!r})")
    return found


def _is_ours(name: str, known: frozenset[str]) -> bool:
    return name in known or name.startswith(PASSED_ON)


def _other_side(name: str) -> str:
    if name.startswith(OWN_SIDE):
        return LMS_SIDE + name[len(OWN_SIDE):]
    return OWN_SIDE + name[len(LMS_SIDE):]


def _misplaced(name: str, counterpart: str) -> str:
    side = ("the extension's own routes, API and docs" if counterpart.startswith(OWN_SIDE)
            else "the LMS side")
    return (f"{name} is set but read by nothing: did you mean {counterpart}? ({side} use "
            f"{OWN_SIDE if counterpart.startswith(OWN_SIDE) else LMS_SIDE}*)")
