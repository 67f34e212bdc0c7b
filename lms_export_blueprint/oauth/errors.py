"""What can go wrong while a teacher connects an LMS account, as our errors."""

from __future__ import annotations

from ..errors import LMSError, LMSExportError


class AuthorizationStateRejected(LMSExportError):
    """403: the ``state`` is unknown, expired, already used, or another host user's."""

    status = 403

    def __init__(self, lms: str) -> None:
        # One message for every case: a caller learns nothing about other users' requests.
        super().__init__(f"This {lms} connection request is unknown, expired, already used "
                         f"or not yours: click Connect {lms} again")


class AuthorizationRefused(LMSExportError):
    """401: the teacher said no on the LMS, or its token endpoint refused the grant."""

    status = 401

    def __init__(self, lms: str, what_lms_said: str) -> None:
        super().__init__(f"{lms} did not authorize the connection ({what_lms_said[:80]}): "
                         f"nothing was stored; click Connect {lms} to try again")


class ConnectionNotStored(LMSExportError):
    """503: the token store could not keep the connection, so it would not last a request."""

    status = 503
    detail = ("The server could not store the LMS connection (its token store is "
              "unavailable): try again later")


class TokenEndpointRefused(LMSError):
    """The token endpoint answered an OAuth error (RFC 6749 section 5.2): ``error`` says which.

    The flow reads it: a refused grant is the teacher's to redo, a refused client is ours.
    """

    status = 401

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__(f"the token endpoint refused: {error}")
