"""LiveCanvas: the Canvas double behind a real HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

import threading
from typing import Any, cast

from ..live import _handler_for, _Server
from ..reference_lms import ReferenceLMS
from .double import CanvasDouble


class LiveCanvas(CanvasDouble):
    """Serve the double on ``base_url`` until :meth:`stop`; also a context manager.

    The server is testing/live.py's (keep-alive, faults acted out on the socket): a refused
    connection closes the socket unanswered, a timeout holds the answer back for ``seconds``.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The handler only calls dispatch(method, path with query, headers, body).
        self._server = _Server((host, port), _handler_for(cast(ReferenceLMS, self)))
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LiveCanvas:
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="live-canvas", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and cut open keep-alive connections."""
        self._server.shutdown()
        self._server.server_close()
        self._server.close_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LiveCanvas:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
