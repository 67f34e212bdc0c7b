"""LMS providers behind one interface (``base.Provider``), chosen by ``LMS_PROVIDER``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import LMSCourseResult, LMSLogin, Progress, Provider, Push

if TYPE_CHECKING:
    from ..state import AppState

__all__ = ["LMSCourseResult", "LMSLogin", "Progress", "Provider", "Push", "build_provider"]


def build_provider(state: AppState) -> Provider:
    """The provider ``LMS_PROVIDER`` names, over the app's one transport and token cache."""
    if state.config.provider == "canvas":
        from .canvas import CanvasProvider

        return CanvasProvider(state)
    if state.config.provider == "moodle":
        from .moodle import MoodleProvider

        return MoodleProvider(state)
    from .generic import GenericProvider

    return GenericProvider(state.client)
