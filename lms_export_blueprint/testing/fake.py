"""FakeLMS: the reference LMS served in-process through ``responses`` (no sockets)."""

from __future__ import annotations

from typing import Any

from .reference_lms import ReferenceLMS
from .serving import InProcess, require_responses

require_responses()  # fail at import, naming the extra, as a plain install would


class FakeLMS(InProcess, ReferenceLMS):
    """The reference LMS inside ``responses`` while started; a context manager (see
    :class:`~lms_export_blueprint.testing.serving.InProcess`)."""

    base_url = "https://lms.example.test"

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        if base_url:
            self.base_url = base_url.rstrip("/")
        super().__init__(**kwargs)
