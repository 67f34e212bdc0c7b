"""Every config key in one table (name, default, check, meaning), read once and checked at start-up.

The extension, the docs code and the CLI all read :data:`KEYS` and :class:`LMSConfig`; no other
module holds a default or reads a raw ``LMS_*`` key.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import LMSConfigError

#: A check returns why a value is wrong, or None when it is fine.
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Key:
    """One config key: its default, the check its value must pass, and what it means."""

    name: str
    default: Any
    check: Check
    doc: str


def _any(_value: Any) -> str | None:
    return None


def _positive_number(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    return None if ok else "must be a number greater than 0"


def _count(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return None if ok else "must be an integer, 0 or more"


def _positive_count(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "must be an integer greater than 0"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _base_url(value: Any) -> str | None:
    if value is None or value == "":
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an http(s) URL such as https://lms.example.edu"
    return None


def optional_id(value: Any) -> str | None:
    """Unset, or an LMS id (a string or an integer)."""
    if value is None or (isinstance(value, (str, int)) and not isinstance(value, bool)
                         and str(value).strip()):
        return None
    return "must be unset or an id (a string or an integer)"


def optional_scopes(value: Any) -> str | None:
    """Unset, or a string of space-separated OAuth2 scopes."""
    if value is None or isinstance(value, str):
        return None
    return "must be a string of space-separated scopes (Canvas: url:GET|/api/v1/...)"


def optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def optional_url(value: Any) -> str | None:
    if value is None:
        return None
    return _base_url(value) if value else "must be an http(s) URL, or unset (None)"


def _optional_namespace(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value)):
        return None
    return "must be unset or 1 to 64 letters, digits, '_', '.' or '-'"


def one_of(*choices: str) -> Check:
    """A check that the value is one of ``choices``."""
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(map(repr, choices))}"
    return check


def _url_prefix(value: Any) -> str | None:
    ok = isinstance(value, str) and value.startswith("/")
    return None if ok else "must start with '/'"


def _verify_ssl(value: Any) -> str | None:
    # requests takes a string as a CA bundle path: "false" would fail at the first HTTPS call.
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and os.path.exists(value):
        return None
    return (f"must be True, False or the path of an existing CA bundle file or directory, "
            f"not {value!r}")


#: Flask-Caching backends by name; a dotted path names a backend class of your own.
CACHE_BACKENDS = ("SimpleCache", "NullCache", "RedisCache", "RedisSentinelCache",
                  "RedisClusterCache", "FileSystemCache", "MemcachedCache",
                  "SASLMemcachedCache", "SpreadSASLMemcachedCache")


def _cache_type(value: Any) -> str | None:
    # Checked here, not left to Flask-Caching, whose ImportStringError names neither the key
    # nor the extra to install.
    if not isinstance(value, str):
        return f"must be one of {', '.join(CACHE_BACKENDS)}, or a dotted path to a cache class"
    if "." in value:
        module = value.rsplit(".", 1)[0]
        if importlib.util.find_spec(module.split(".")[0]) is None:
            return f"names {value!r}, whose module {module!r} is not installed"
        return None
    if value not in CACHE_BACKENDS:
        return (f"is {value!r}: must be one of {', '.join(CACHE_BACKENDS)}, "
                f"or a dotted path to a cache class")
    if value.startswith("Redis") and importlib.util.find_spec("redis") is None:
        return (f"is {value!r}, which needs the redis package: "
                f"pip install 'lms-export-blueprint[redis]'")
    return None


def _redis_url(value: Any) -> str | None:
    if value is None or value == "":
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("redis", "rediss", "unix"):
        return "must be a Redis URL such as redis://127.0.0.1:6379/0"
    if importlib.util.find_spec("rq") is None:
        return "needs the rq package: pip install 'lms-export-blueprint[jobs]'"
    return None


#: Every key the extension reads, in the order the docs list them.
KEYS: tuple[Key, ...] = (
    Key("LMS_BASE_URL", None, _base_url,
        "LMS root URL; unset means mock mode for login"),
    Key("LMS_API_VERSION", "v1", _text,
        "path segment: calls go to `{LMS_BASE_URL}/api/{LMS_API_VERSION}/...`"),
    Key("LMS_TIMEOUT", 30, _positive_number, "seconds for one push call to the LMS"),
    Key("LMS_AUTH_TIMEOUT", 10, _positive_number,
        "seconds for one sign-in, validate or me call"),
    Key("LMS_RETRY_ATTEMPTS", 3, _count, "retries of a failed call that is safe to retry"),
    Key("LMS_RETRY_BACKOFF", 0.5, _positive_number,
        "first backoff in seconds; doubles each retry, with jitter"),
    Key("LMS_RETRY_MAX_WAIT", 10, _positive_number,
        "longest single wait between retries, `Retry-After` included"),
    Key("LMS_DEADLINE", 60, _positive_number,
        "seconds one login or push may spend on the LMS in all, retries included"),
    Key("LMS_MAX_RESPONSE_BYTES", 10 * 1024 * 1024, _positive_count,
        "largest LMS answer read, in bytes after decompression; a larger one is a 502"),
    Key("LMS_PROVIDER", "generic", _text,
        "the LMS spoken to: a provider's name (`generic`, `canvas`) or the dotted path of a "
        "provider class ([providers](providers.md)); each provider's own keys follow the table"),
    Key("LMS_TOKEN_CACHE_TTL", 300, _positive_number,
        "seconds a validated LMS token is trusted without asking the LMS"),
    Key("LMS_TOKEN_CACHE_TYPE", "SimpleCache", _cache_type,
        "Flask-Caching backend of the token store (`RedisCache` for several workers)"),
    Key("LMS_EXPORT_URL_PREFIX", "/api", _url_prefix, "where the routes live"),
    Key("LMS_VERIFY_SSL", True, _verify_ssl,
        "passed to requests' `verify`: `True`, `False` or the path of a CA bundle"),
    Key("LMS_PROMETHEUS_METRICS", False, _flag,
        "publish Prometheus metrics (needs the `prometheus` extra)"),
    Key("LMS_JOBS_REDIS_URL", None, _redis_url,
        "run `Prefer: respond-async` jobs on RQ at this Redis (needs `SECRET_KEY` and "
        "`flask lms worker`); unset: a thread pool in the app"),
    Key("LMS_JOBS_MAX_WORKERS", 4, _positive_count,
        "threads of the in-app pool that runs jobs when `LMS_JOBS_REDIS_URL` is unset"),
    Key("LMS_JOBS_RESULT_TTL", 3600, _positive_number,
        "seconds a finished job (its result, error or file) stays readable"),
    Key("LMS_JOBS_MAX_QUEUE_TIME", 3600, _positive_number,
        "seconds a job may wait to start; its sealed LMS token opens no later"),
    Key("LMS_JOBS_LOST_AFTER", 90, _positive_number,
        "seconds a running job's worker may miss its heartbeat (sent every third of it) "
        "before the job ends `failed`"),
    Key("LMS_KEY_NAMESPACE", None, _optional_namespace,
        "what every key in the token store and on Redis starts with; unset: derived per app "
        "(an HMAC of `SECRET_KEY`, else the import name, with the URL prefix and LMS)"),
    # The extension's own flask-smorest Api, made only when the host has none.
    Key("LMS_EXPORT_API_TITLE", "LMS export", _text,
        "title of the extension's own OpenAPI document"),
    Key("LMS_EXPORT_API_VERSION", "1", _text, "version of the extension's own OpenAPI document"),
    Key("LMS_EXPORT_OPENAPI_VERSION", "3.0.3", _text, "OpenAPI version of that document"),
    Key("LMS_EXPORT_OPENAPI_URL_PREFIX", None, _any,
        "where that document and its docs page live; unset: `{LMS_EXPORT_URL_PREFIX}/docs`"),
    Key("LMS_EXPORT_OPENAPI_SWAGGER_UI_PATH", "/swagger-ui", _any,
        "path of the Swagger UI page under that prefix"),
    Key("LMS_EXPORT_OPENAPI_SWAGGER_UI_URL", None, _any,
        "where the page loads Swagger UI's scripts from; unset: the app serves them itself"),
)

#: ``LMS_TOKEN_CACHE_<X>`` keys other than these are passed to Flask-Caching as ``CACHE_<X>``.
_OWN_TOKEN_CACHE_KEYS = ("LMS_TOKEN_CACHE_TTL", "LMS_TOKEN_CACHE_TYPE")
_VERSIONED_API = re.compile(r"/api/v\d+/?$")


def all_keys() -> tuple[Key, ...]:
    """:data:`KEYS` and the keys of every registered provider: what the docs list."""
    from .providers import provider_keys  # providers declare keys with this module's Key

    return KEYS + provider_keys()


def set_defaults(config: MutableMapping[str, Any], keys: Iterable[Key] = KEYS) -> None:
    """Fill in every key the host left out."""
    for key in keys:
        config.setdefault(key.name, key.default)


def check(config: Mapping[str, Any], keys: Iterable[Key] = KEYS) -> None:
    """Raise LMSConfigError naming the first key whose value fails its check."""
    # At start-up, so a typo fails the deploy, not a teacher's first export.
    for key in keys:
        reason = key.check(config[key.name])
        if reason is not None:
            raise LMSConfigError(f"app.config[{key.name!r}] {reason}")


@dataclass(frozen=True)
class LMSConfig:
    """The extension's settings for one app, checked."""

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
    token_cache_type: str
    url_prefix: str
    verify_ssl: bool | str
    prometheus_metrics: bool
    provider: str = "generic"
    jobs_redis_url: str | None = None
    jobs_max_workers: int = 4
    jobs_result_ttl: float = 3600
    jobs_max_queue_time: float = 3600
    jobs_lost_after: float = 90
    key_namespace: str | None = None
    #: The values of every provider's own keys, by key name. Out of repr: a config printed
    #: in a log or a traceback never shows a provider's secret.
    provider_values: Mapping[str, Any] = field(default_factory=dict, repr=False)

    # The Canvas developer key, read by ``oauth/`` until OAuth moves under its provider.
    @property
    def canvas_client_id(self) -> str | None:
        return self.provider_values.get("LMS_CANVAS_CLIENT_ID")

    @property
    def canvas_client_secret(self) -> str | None:
        return self.provider_values.get("LMS_CANVAS_CLIENT_SECRET")

    @property
    def canvas_redirect_uri(self) -> str | None:
        return self.provider_values.get("LMS_CANVAS_REDIRECT_URI")

    @property
    def canvas_scopes(self) -> str | None:
        return self.provider_values.get("LMS_CANVAS_SCOPES")

    def settings(self, prefix: str, keys: Iterable[Key]) -> dict[str, Any]:
        """One provider's keys by prefix: ``LMS_CANVAS_QUIZ_ENGINE`` -> ``quiz_engine``."""
        return {key.name[len(prefix):].lower(): self.provider_values.get(key.name)
                for key in keys}

    @property
    def mock_mode(self) -> bool:
        return not self.base_url

    @property
    def canvas_scope(self) -> str | None:
        """The ``scope`` of the OAuth2 authorize URL: ``LMS_CANVAS_SCOPES``, or unset the
        minimal list the Canvas provider calls (docs/canvas.md); None sends no scope."""
        if self.canvas_scopes is None:
            # imported here: the providers import this module
            from .providers.canvas.scopes import MINIMAL_SCOPES
            return " ".join(MINIMAL_SCOPES)
        return " ".join(self.canvas_scopes.split()) or None

    @property
    def root(self) -> str:
        """The LMS root without a trailing slash (Canvas paths start with ``/api/...``)."""
        return (self.base_url or "").rstrip("/")

    @property
    def api_root(self) -> str:
        return f"{(self.base_url or '').rstrip('/')}/api/{self.api_version.strip('/')}"

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any],
                     provider_keys: Iterable[Key] = ()) -> LMSConfig:
        """Read the checked keys; every key must be present (see :func:`set_defaults`).

        ``provider_keys`` (the providers' own rows) are checked and kept by name.
        """
        provider_keys = tuple(provider_keys)
        check(config, KEYS + provider_keys)
        return cls(
            base_url=config["LMS_BASE_URL"] or None,
            api_version=str(config["LMS_API_VERSION"]),
            timeout=config["LMS_TIMEOUT"],
            auth_timeout=config["LMS_AUTH_TIMEOUT"],
            retry_attempts=config["LMS_RETRY_ATTEMPTS"],
            retry_backoff=config["LMS_RETRY_BACKOFF"],
            retry_max_wait=config["LMS_RETRY_MAX_WAIT"],
            deadline=config["LMS_DEADLINE"],
            max_response_bytes=config["LMS_MAX_RESPONSE_BYTES"],
            token_cache_ttl=config["LMS_TOKEN_CACHE_TTL"],
            token_cache_type=config["LMS_TOKEN_CACHE_TYPE"],
            url_prefix=config["LMS_EXPORT_URL_PREFIX"].rstrip("/"),
            verify_ssl=config["LMS_VERIFY_SSL"],
            prometheus_metrics=config["LMS_PROMETHEUS_METRICS"],
            provider=config["LMS_PROVIDER"],
            jobs_redis_url=config["LMS_JOBS_REDIS_URL"] or None,
            jobs_max_workers=config["LMS_JOBS_MAX_WORKERS"],
            jobs_result_ttl=config["LMS_JOBS_RESULT_TTL"],
            jobs_max_queue_time=config["LMS_JOBS_MAX_QUEUE_TIME"],
            jobs_lost_after=config["LMS_JOBS_LOST_AFTER"],
            key_namespace=config["LMS_KEY_NAMESPACE"],
            provider_values={key.name: config[key.name] for key in provider_keys},
        )

    def warnings(self) -> list[str]:
        """Settings that work but are probably a mistake or not what production wants."""
        found = []
        if self.base_url and _VERSIONED_API.search(self.base_url):
            found.append(f"LMS_BASE_URL ends in /api/vN ({self.base_url}): calls go to "
                         f"{self.api_root}; set LMS_BASE_URL to the LMS root and "
                         f"LMS_API_VERSION to the version")
        if self.verify_ssl is False:
            found.append("LMS_VERIFY_SSL is False: the LMS's certificate is not checked")
        if (self.base_url or "").startswith("http://") and not _is_local(self.base_url or ""):
            found.append("LMS_BASE_URL is plain http: passwords and tokens travel unencrypted")
        if self.token_cache_type in ("NullCache", "null"):
            found.append("LMS_TOKEN_CACHE_TYPE is NullCache: every push asks the LMS to "
                         "validate the token again")
        if self.timeout > self.deadline:
            found.append("LMS_TIMEOUT is longer than LMS_DEADLINE: a push gives up first")
        return found


def token_cache_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Flask-Caching settings from the ``LMS_TOKEN_CACHE_*`` keys (``..._TYPE`` -> ``CACHE_TYPE``).

    ``LMS_TOKEN_CACHE_TTL`` is the store's own setting, not Flask-Caching's.
    """
    prefix = "LMS_TOKEN_CACHE_"
    cache_config = {
        "CACHE_" + name[len(prefix):]: value
        for name, value in config.items()
        if name.startswith(prefix) and name not in _OWN_TOKEN_CACHE_KEYS
    }
    cache_config["CACHE_TYPE"] = config["LMS_TOKEN_CACHE_TYPE"]
    return cache_config


def _is_local(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host in ("localhost", "127.0.0.1", "[::1]")
