"""What can go wrong while a teacher connects Canvas, as our errors."""

from __future__ import annotations

from ..errors import LMSExportError


class AuthorizationStateRejected(LMSExportError):
    """403: the ``state`` is unknown, expired, already used, or another host user's."""

    status = 403
    # One message for every case: a caller learns nothing about other users' requests.
    detail = ("This Canvas connection request is unknown, expired, already used or not "
              "yours: click Connect Canvas again")


class AuthorizationRefused(LMSExportError):
    """401: the teacher said no in Canvas, or Canvas refused the authorization code."""

    status = 401

    def __init__(self, what_canvas_said: str) -> None:
        super().__init__(f"Canvas did not authorize the connection ({what_canvas_said[:80]}): "
                         f"nothing was stored; click Connect Canvas to try again")


class ConnectionNotStored(LMSExportError):
    """503: the token store could not keep the connection, so it would not last a request."""

    status = 503
    detail = ("The server could not store the Canvas connection (its token store is "
              "unavailable): try again later")
