"""Every config key with its default, read once from ``app.config`` and checked at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

#: LMS root URL; unset means mock mode for login.
LMS_BASE_URL: str | None = None
#: Path segment of the LMS API: ``{LMS_BASE_URL}/api/{LMS_API_VERSION}``.
LMS_API_VERSION = "v1"
#: Seconds for one push call to the LMS.
LMS_TIMEOUT: float = 30
#: Seconds for one sign-in, validate or me call.
LMS_AUTH_TIMEOUT: float = 10
#: Retries of a failed LMS call that is safe to retry.
LMS_RETRY_ATTEMPTS = 3
#: First backoff delay in seconds; it doubles on each retry and gets random jitter.
LMS_RETRY_BACKOFF: float = 0.5
#: Longest single wait between retries, ``Retry-After`` included.
LMS_RETRY_MAX_WAIT: float = 10
#: Seconds one login or push may spend on the LMS in all, retries and waits included.
LMS_DEADLINE: float = 60
#: Largest LMS answer read, in bytes after decompression; a larger one is a 502.
LMS_MAX_RESPONSE_BYTES = 10 * 1024 * 1024
#: Seconds a validated LMS token is trusted without asking the LMS.
LMS_TOKEN_CACHE_TTL = 300
#: Flask-Caching backend for the token store when the host passes no ``cache=``.
LMS_TOKEN_CACHE_TYPE = "SimpleCache"
#: Where the two routes live.
LMS_EXPORT_URL_PREFIX = "/api"
#: Passed to requests' ``verify``: a bool, or the path of a CA bundle.
LMS_VERIFY_SSL: bool | str = True
#: Count logins, pushes and LMS calls in Prometheus' default registry (extra ``prometheus``).
LMS_PROMETHEUS_METRICS = False

_NUMBERS = ("LMS_TIMEOUT", "LMS_AUTH_TIMEOUT", "LMS_RETRY_BACKOFF", "LMS_RETRY_MAX_WAIT",
            "LMS_DEADLINE", "LMS_TOKEN_CACHE_TTL")


def set_defaults(config: dict[str, Any]) -> None:
    """Fill in every key the host left out, in one visible block."""
    config.setdefault("LMS_BASE_URL", LMS_BASE_URL)
    config.setdefault("LMS_API_VERSION", LMS_API_VERSION)
    config.setdefault("LMS_TIMEOUT", LMS_TIMEOUT)
    config.setdefault("LMS_AUTH_TIMEOUT", LMS_AUTH_TIMEOUT)
    config.setdefault("LMS_RETRY_ATTEMPTS", LMS_RETRY_ATTEMPTS)
    config.setdefault("LMS_RETRY_BACKOFF", LMS_RETRY_BACKOFF)
    config.setdefault("LMS_RETRY_MAX_WAIT", LMS_RETRY_MAX_WAIT)
    config.setdefault("LMS_DEADLINE", LMS_DEADLINE)
    config.setdefault("LMS_MAX_RESPONSE_BYTES", LMS_MAX_RESPONSE_BYTES)
    config.setdefault("LMS_TOKEN_CACHE_TTL", LMS_TOKEN_CACHE_TTL)
    config.setdefault("LMS_TOKEN_CACHE_TYPE", LMS_TOKEN_CACHE_TYPE)
    config.setdefault("LMS_EXPORT_URL_PREFIX", LMS_EXPORT_URL_PREFIX)
    config.setdefault("LMS_VERIFY_SSL", LMS_VERIFY_SSL)
    config.setdefault("LMS_PROMETHEUS_METRICS", LMS_PROMETHEUS_METRICS)


@dataclass(frozen=True)
class LMSConfig:
    """The extension's settings for one app, validated."""

    base_url: str | None
    api_version: str
    timeout: float
    auth_timeout: float
    retry_attempts: int
    retry_backoff: float
    retry_max_wait: float
    deadline: float
    max_response_bytes: int
    token_cache_ttl: float
    url_prefix: str
    verify_ssl: bool | str
    prometheus_metrics: bool

    @property
    def mock_mode(self) -> bool:
        return not self.base_url

    @property
    def api_root(self) -> str:
        return f"{(self.base_url or '').rstrip('/')}/api/{self.api_version.strip('/')}"

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> LMSConfig:
        # Checked at start-up so a typo fails the deploy, not a teacher's first export.
        for key in _NUMBERS:
            _require(isinstance(config[key], (int, float)) and config[key] > 0,
                     key, "must be a number greater than 0")
        attempts = config["LMS_RETRY_ATTEMPTS"]
        _require(isinstance(attempts, int) and attempts >= 0, "LMS_RETRY_ATTEMPTS",
                 "must be an integer, 0 or more")
        max_bytes = config["LMS_MAX_RESPONSE_BYTES"]
        _require(isinstance(max_bytes, int) and not isinstance(max_bytes, bool)
                 and max_bytes > 0, "LMS_MAX_RESPONSE_BYTES", "must be an integer greater than 0")
        base_url = config["LMS_BASE_URL"] or None
        if base_url is not None:
            parts = urlsplit(base_url)
            _require(parts.scheme in ("http", "https") and bool(parts.netloc), "LMS_BASE_URL",
                     "must be an http(s) URL such as https://lms.example.edu")
        prefix = config["LMS_EXPORT_URL_PREFIX"]
        _require(isinstance(prefix, str) and prefix.startswith("/"), "LMS_EXPORT_URL_PREFIX",
                 "must start with '/'")
        return cls(
            base_url=base_url,
            api_version=str(config["LMS_API_VERSION"]),
            timeout=config["LMS_TIMEOUT"],
            auth_timeout=config["LMS_AUTH_TIMEOUT"],
            retry_attempts=attempts,
            retry_backoff=config["LMS_RETRY_BACKOFF"],
            retry_max_wait=config["LMS_RETRY_MAX_WAIT"],
            deadline=config["LMS_DEADLINE"],
            max_response_bytes=max_bytes,
            token_cache_ttl=config["LMS_TOKEN_CACHE_TTL"],
            url_prefix=prefix.rstrip("/"),
            verify_ssl=config["LMS_VERIFY_SSL"],
            prometheus_metrics=bool(config["LMS_PROMETHEUS_METRICS"]),
        )


def token_cache_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Flask-Caching settings from the ``LMS_TOKEN_CACHE_*`` keys (``..._TYPE`` -> ``CACHE_TYPE``).

    ``LMS_TOKEN_CACHE_TTL`` is the store's own setting, not Flask-Caching's.
    """
    prefix = "LMS_TOKEN_CACHE_"
    return {
        "CACHE_" + key[len(prefix):]: value
        for key, value in config.items()
        if key.startswith(prefix) and key != "LMS_TOKEN_CACHE_TTL"
    }


def _require(condition: bool, key: str, reason: str) -> None:
    if not condition:
        raise ValueError(f"app.config[{key!r}] {reason}")
