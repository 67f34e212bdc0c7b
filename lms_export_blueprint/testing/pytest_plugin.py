"""pytest plugin (entry point ``pytest11``): loads in every run, so it imports next to nothing."""

from .fixtures import (
    fake_canvas,
    fake_google,
    fake_lms,
    fake_moodle,
    live_canvas,
    live_google,
    live_lms,
    live_moodle,
)

__all__ = ["fake_canvas", "fake_google", "fake_lms", "fake_moodle", "live_canvas", "live_google",
           "live_lms", "live_moodle"]
