"""FakeGoogle: the Google double served in-process through ``responses`` (no sockets)."""

from __future__ import annotations

from typing import Any

from ..serving import InProcess, require_responses
from .double import GoogleDouble

require_responses("fake_google")


class FakeGoogle(InProcess, GoogleDouble):
    """The Google double inside ``responses`` while started; a context manager."""

    def __init__(self, base_url: str = "https://google.example.test", **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)
