"""Push a course-authoring app's quizzes, question papers and notes to an LMS."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    AssetsNotFound,
    CourseNotFound,
    HostAuthRequired,
    InvalidAssetData,
    LMSBadResponse,
    LMSConfigError,
    LMSCourseNotFound,
    LMSCredentialsRejected,
    LMSError,
    LMSExportError,
    LMSForbidden,
    LMSRateLimited,
    LMSTimeout,
    LMSTokenInvalid,
    LMSTokenMissing,
    LMSUnavailable,
    MockTokenRejected,
    RequestInvalid,
    UnknownExportFormat,
)
from .loaders import LoaderMissing, LoaderResultInvalid

__all__ = [
    "AssetsNotFound", "CourseNotFound", "FakeLMS", "HostAuthRequired", "InvalidAssetData",
    "LMSBadResponse", "LMSClient", "LMSConfigError", "LMSCourseNotFound",
    "LMSCredentialsRejected", "LMSError",
    "LMSExport", "LMSExportError", "LMSForbidden", "LMSRateLimited", "LMSTimeout",
    "LMSTokenInvalid", "LMSTokenMissing", "LMSUnavailable", "LiveLMS", "LoaderMissing",
    "LoaderResultInvalid", "MockTokenRejected",
    "ReferenceLMS", "RequestInvalid", "UnknownExportFormat", "__version__",
    "format_asset_for_lms", "get_lms_user_info", "lms_api_called", "lms_export_finished",
    "lms_login_finished", "register_format", "register_provider", "validate_lms_token",
]

if TYPE_CHECKING:
    from .extension import LMSExport, get_lms_user_info, validate_lms_token
    from .formats import format_asset_for_lms, register_format
    from .providers import register_provider
    from .providers.generic.client import LMSClient
    from .signals import lms_api_called, lms_export_finished, lms_login_finished
    from .testing.fake import FakeLMS
    from .testing.live import LiveLMS
    from .testing.reference_lms import ReferenceLMS

# The errors above cost nothing to import. These pull in Flask, flask-smorest, requests or
# responses, so they load on first use: the pytest plugin (loaded in every test run of a project
# that installs this package) imports this module and must stay light.
_LAZY = {
    "LMSExport": "extension",
    "validate_lms_token": "extension",
    "get_lms_user_info": "extension",
    "LMSClient": "providers.generic.client",
    "format_asset_for_lms": "formats",
    "register_format": "formats",
    "register_provider": "providers",
    "lms_login_finished": "signals",
    "lms_export_finished": "signals",
    "lms_api_called": "signals",
    "FakeLMS": "testing.fake",
    "LiveLMS": "testing.live",
    "ReferenceLMS": "testing.reference_lms",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
