"""The one ``requests.Session`` an app talks to its LMS with: no cookies, no redirects followed,
a pool of kept connections whose sockets the attempt's watchdog can cut (``watchdog.py``)."""

from __future__ import annotations

import http.cookiejar
from typing import Any

import requests

from .config import LMSConfig
from .watchdog import WatchedAdapter

#: Connections kept open to the LMS; one per worker thread is enough.
POOL_SIZE = 32
#: Where a 3xx's ``Location`` is kept, out of requests' reach.
REFUSED_LOCATION = "X-LMS-Export-Refused-Location"


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keeps no cookie and sends none: one session serves every teacher of the app."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


def _set_location_aside(response: requests.Response, **_: Any) -> requests.Response:
    """requests parses a 3xx's ``Location`` even when it follows nothing (to prepare
    ``Response.next``), and a malformed one raises ValueError: moved aside, only we read it."""
    if 300 <= response.status_code < 400 and "Location" in response.headers:
        response.headers[REFUSED_LOCATION] = response.headers.pop("Location")
    return response


def new_session() -> requests.Session:
    """A session whose pool keeps connections to the LMS open, that keeps no cookies and
    follows no redirect."""
    session = requests.Session()
    session.cookies = requests.cookies.RequestsCookieJar(policy=_NoCookies())
    session.hooks["response"].append(_set_location_aside)
    adapter = WatchedAdapter(pool_connections=1, pool_maxsize=POOL_SIZE, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"Accept": "application/json",
                            "User-Agent": "lms-export-blueprint"})
    return session


def read_environment_once(session: requests.Session, config: LMSConfig) -> bool | str:
    """Resolve proxies and CA bundle from the environment now, for the one LMS URL; the verify.

    With ``trust_env`` requests rescans ``os.environ`` (and ~/.netrc) on every call: about
    0.2 ms a call with 35 variables, more in a large environment.
    """
    settings = session.merge_environment_settings(config.api_root, {}, None,
                                                  config.verify_ssl, None)
    session.proxies.update(settings["proxies"])
    session.trust_env = False
    verify: bool | str | None = settings["verify"]
    return config.verify_ssl if verify is None else verify
