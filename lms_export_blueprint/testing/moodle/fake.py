"""FakeMoodle: the Moodle double served in-process through ``responses`` (no sockets)."""

from __future__ import annotations

from typing import Any

from ..serving import InProcess, require_responses
from .double import MoodleDouble

require_responses("fake_moodle")  # fail at import, naming the extra, as a plain install would


class FakeMoodle(InProcess, MoodleDouble):
    """The Moodle double inside ``responses`` while started; a context manager (see
    :class:`~lms_export_blueprint.testing.serving.InProcess`)."""

    def __init__(self, base_url: str = "https://moodle.example.test", **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)
