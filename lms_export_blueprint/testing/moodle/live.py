"""LiveMoodle: the Moodle double behind a real HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

from ..serving import OnLoopback
from .double import MoodleDouble


class LiveMoodle(OnLoopback, MoodleDouble):
    """Serve the double on ``base_url`` until :meth:`stop`; also a context manager."""
