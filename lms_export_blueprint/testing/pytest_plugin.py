"""pytest plugin (entry point ``pytest11``): loads in every run, so it imports next to nothing."""

from .fixtures import fake_canvas, fake_lms, live_canvas, live_lms

__all__ = ["fake_canvas", "fake_lms", "live_canvas", "live_lms"]
