"""Push a course-authoring app's quizzes, question papers and notes to an LMS."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import LMSClient
    from .errors import LMSError, LMSExportError
    from .extension import LMSExport, get_lms_user_info, validate_lms_token
    from .formats import format_asset_for_lms, register_format

__version__ = "0.1.0"

# Imported on first use, so the pytest plugin (loaded in every test run of a project that
# installs this package) does not pull in Flask, requests and marshmallow.
_LAZY = {
    "LMSExport": "extension",
    "validate_lms_token": "extension",
    "get_lms_user_info": "extension",
    "LMSClient": "client",
    "LMSExportError": "errors",
    "LMSError": "errors",
    "format_asset_for_lms": "formats",
    "register_format": "formats",
}

__all__ = ["LMSClient", "LMSError", "LMSExport", "LMSExportError", "__version__",
           "format_asset_for_lms", "get_lms_user_info", "register_format",
           "validate_lms_token"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
