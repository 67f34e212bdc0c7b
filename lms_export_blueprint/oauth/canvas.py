"""Kept for the import path of earlier releases: Canvas's OAuth2 is
``providers/canvas/oauth.py`` on the shared flow of ``oauth/flow.py``."""

from __future__ import annotations

from ..providers.canvas.oauth import CanvasOAuth

__all__ = ["CanvasOAuth"]
