"""LiveCanvas: the Canvas double behind a real HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

from ..serving import OnLoopback
from .double import CanvasDouble


class LiveCanvas(OnLoopback, CanvasDouble):
    """Serve the double on ``base_url`` until :meth:`stop`; also a context manager.

    A refused connection closes the socket unanswered; a timeout answers nothing until the
    client gives up (or for ``seconds``, then closes the socket), as ``LiveLMS`` does.
    """
