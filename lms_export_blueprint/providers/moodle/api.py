"""MoodleAPI: ``login/token.php`` and ``webservice/rest/server.php`` over the shared transport.

Every call is a form POST (``wstoken``, ``wsfunction``, ``moodlewsrestformat=json`` and the
function's parameters, webservice/rest/locallib.php); a failure is an HTTP 200 whose body
names the exception (``errors.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...bodies import form_body
from ...config import LMSConfig
from ...errors import LMSBadResponse, LMSMockMode
from ...transport import Call, Transport
from . import errors

TOKEN_PATH = "/login/token.php"
SERVER_PATH = "/webservice/rest/server.php"


class MoodleAPI:
    """One Moodle site (``LMS_BASE_URL`` is its wwwroot), reached through the app's transport."""

    def __init__(self, config: LMSConfig, transport: Transport, settings: Mapping[str, Any]
                 ) -> None:
        self.config = config
        self.transport = transport
        #: ``LMS_MOODLE_*`` by their short names (keys.py): ``service``, ``category_id``, ...
        self.settings = settings

    def token(self, username: str, password: str) -> str:
        """A web-service token for the configured service (login/token.php)."""
        params = {"username": username, "password": password,
                  "service": self.settings["service"]}
        answer = self._post(TOKEN_PATH, params, secrets=(password,), action="login",
                            repeat_safe=True, timeout=self.config.auth_timeout)
        if errors.is_login_failure(answer):
            raise errors.error_for(answer, action="login", about_course=False,
                                   secrets=(password,))
        token = answer.get("token") if isinstance(answer, Mapping) else None
        if not isinstance(token, str) or not token:
            raise LMSBadResponse("the Moodle login answer had no token", action="login")
        return token

    def function(self, name: str, token: str, params: Mapping[str, Any] | None = None, *,
                 action: str = "export", repeat_safe: bool = False,
                 about_course: bool = False, timeout: float | None = None) -> Any:
        """The answer of web-service function ``name`` called with ``token``.

        ``repeat_safe``: the call may be sent again after a lost answer (a read, or a write
        Moodle answers the same way twice). ``about_course``: a missing record is the course.
        """
        body = {"wstoken": token, "wsfunction": name, "moodlewsrestformat": "json",
                **(params or {})}
        answer = self._post(SERVER_PATH, body, secrets=(token,), action=action,
                            repeat_safe=repeat_safe, timeout=timeout,
                            endpoint=f"{SERVER_PATH}?wsfunction={name}")
        if errors.is_failure(answer):
            raise errors.error_for(answer, action=action, about_course=about_course,
                                   secrets=(token,), function=name)
        return answer

    def _post(self, path: str, params: Mapping[str, Any], *, secrets: tuple[str, ...],
              action: str, repeat_safe: bool, timeout: float | None,
              endpoint: str | None = None) -> Any:
        if self.config.mock_mode:
            raise LMSMockMode()
        body = form_body(params)  # server.php reads $_POST: PHP's a[0][b] keys (bodies.py)
        call = Call("POST", path, timeout or self.config.timeout, repeat_safe=repeat_safe,
                    action=action, body=body.data, secrets=secrets, root=self.config.root,
                    endpoint=endpoint or path, content_type=body.content_type)
        return self.transport.exchange(call).body
