"""FakeCanvas: the Canvas double served in-process through ``responses`` (no sockets)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import requests

from ..serving import InProcess, require_responses
from .double import CanvasDouble

require_responses("fake_canvas")  # fail at import, naming the extra, as a plain install would


class FakeCanvas(InProcess, CanvasDouble):
    """The Canvas double inside ``responses`` while started; a context manager (see
    :class:`~lms_export_blueprint.testing.serving.InProcess`). Its file store
    (``file_store_url``, upload step 2) answers there too; its calls carry the ``Host`` they
    were sent to, as a live server's do."""

    def __init__(self, base_url: str = "https://canvas.example.test", **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)
        store = re.compile(re.escape(self.file_store_url) + r"/.*")
        self.mock.add_callback("POST", store, callback=self._store_callback, content_type=None)

    def _store_callback(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str],
                                                                          bytes]:
        request.headers["Host"] = urlsplit(self.file_store_url).netloc
        return self._callback(request)
