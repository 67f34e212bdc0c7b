"""LiveLMS: the reference LMS behind a real HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

from .reference_lms import ReferenceLMS
from .serving import MAX_SILENCE, OnLoopback

__all__ = ["MAX_SILENCE", "LiveLMS"]


class LiveLMS(OnLoopback, ReferenceLMS):
    """Serve the reference LMS on ``base_url`` until :meth:`stop`; also a context manager.

    A refused connection is acted out by closing the socket without an answer, a timeout by
    answering nothing until the client gives up (or for ``seconds``, then closing the socket).
    """
