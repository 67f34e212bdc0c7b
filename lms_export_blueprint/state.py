"""What the extension keeps per Flask app."""

from __future__ import annotations

from dataclasses import dataclass

from .client import LMSClient
from .config import LMSConfig
from .tokens import TokenStore


@dataclass(frozen=True)
class AppState:
    config: LMSConfig
    client: LMSClient
    tokens: TokenStore
