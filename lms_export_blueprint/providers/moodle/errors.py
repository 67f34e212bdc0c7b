"""How Moodle's failures read: HTTP 200 with ``{"exception", "errorcode", "message"}``.

webservice/rest/locallib.php (``generate_error``) writes the exception's class, its
``errorcode`` and its message; login/token.php, an AJAX script, writes ``{"error",
"errorcode"}`` (lib/classes/output/core_renderer_ajax.php, ``fatal_error``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import (
    LMSBadResponse,
    LMSCourseNotFound,
    LMSCredentialsRejected,
    LMSError,
    LMSForbidden,
    LMSTokenInvalid,
)
from ...masking import mask_secrets

#: A token Moodle does not know (webservice/lib.php, ``authenticate_by_token``).
TOKEN_INVALID = frozenset({"invalidtoken"})
#: Refusals of a valid user: a missing capability (``required_capability_exception`` says
#: ``nopermissions``), a token or service the call may not use (``webservice_access_exception``
#: says ``accessexception``; an expired token says it once, then ``invalidtoken``), a course
#: the user cannot enter, no right to make a token (lib/external/classes/util.php).
FORBIDDEN = frozenset({"nopermissions", "accessexception", "requireloginerror",
                       "cannotcreatetoken", "missingrequiredcapability", "usernotallowed"})
#: A record that is not there (lib/dml/moodle_database.php, ``dml_missing_record_exception``).
MISSING = frozenset({"invalidrecord", "invalidrecordunknown"})
#: The table a missing record names when the function called is not on the site: server.php
#: looks the function up there before anything else (lib/external/classes/external_api.php,
#: ``external_function_info``); the message names the table in every language.
FUNCTIONS_TABLE = "external_functions"
#: What an administrator does about a plugin function the site lacks.
UPGRADE_PLUGIN = ("install or upgrade the Moodle plugin local_lmsexport on the site "
                  "(`flask lms moodle-plugin` writes its zip; docs/moodle-plugin.md)")

#: Characters of Moodle's message kept in a detail.
_MESSAGE_KEPT = 500


def is_failure(answer: Any) -> bool:
    """True for Moodle's error body, which comes with HTTP 200."""
    return isinstance(answer, Mapping) and "exception" in answer and "errorcode" in answer


def is_login_failure(answer: Any) -> bool:
    return isinstance(answer, Mapping) and "errorcode" in answer and "token" not in answer


def error_for(answer: Mapping[str, Any], *, action: str, about_course: bool,
              secrets: tuple[str, ...], function: str | None = None) -> LMSError:
    """Our error for Moodle's error body (by ``errorcode``, as docs/moodle.md lists) to a call
    of ``function`` (None: login/token.php)."""
    code = str(answer.get("errorcode") or "")
    said = _said(answer, secrets)
    if code in TOKEN_INVALID:
        return LMSTokenInvalid()
    if code in FORBIDDEN:
        return LMSForbidden(f"{LMSForbidden.detail}: Moodle said {said}")
    if function and code in MISSING and FUNCTIONS_TABLE in said:
        return LMSBadResponse(f"Moodle has no web-service function {function}: "
                              f"{UPGRADE_PLUGIN}", action=action)
    if code in MISSING and about_course:
        return LMSCourseNotFound()
    if code == "invalidlogin":
        return LMSCredentialsRejected("LMS rejected the username or password")
    # The code names the fault where a message is vague ("Import error"): cannotimport.
    return LMSBadResponse(f"Moodle said {said} ({code})" if said else f"Moodle error {code}",
                          action=action)


def _said(answer: Mapping[str, Any], secrets: tuple[str, ...]) -> str:
    """Moodle's message (``message``, or ``error`` from login/token.php), short and with no
    secret of the call in it."""
    message = answer.get("message", answer.get("error"))
    text = " ".join(str(message).split()) if message else ""
    return mask_secrets(text, [secret for secret in secrets if secret])[:_MESSAGE_KEPT]
