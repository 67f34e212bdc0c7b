"""Login bodies a provider declares: the route's schema, its OpenAPI component and the CLI's
prompts are all built from them (docs/providers.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoginField:
    """One field of a login body."""

    name: str
    description: str
    #: What ``flask lms login`` asks for.
    prompt: str
    #: Never logged, echoed or shown: load-only in the schema, a hidden prompt.
    secret: bool = False
    #: Validated as an email address.
    email: bool = False
    max_length: int = 1024


@dataclass(frozen=True)
class LoginBody:
    """One accepted login body: every field required, no other field allowed."""

    #: The OpenAPI component that documents it; one name, one shape, whatever the provider.
    component: str
    fields: tuple[LoginField, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(login_field.name for login_field in self.fields)


EMAIL = LoginField("email", "LMS account email", "LMS email", email=True)
PASSWORD = LoginField("password", "LMS account password; never logged or echoed",
                      "LMS password", secret=True)
USERNAME = LoginField("username", "LMS account username", "LMS username")
ACCESS_TOKEN = LoginField("access_token", "An LMS access token (a personal one, or one from "
                          "OAuth2); never logged or echoed", "LMS access token", secret=True,
                          max_length=4096)

#: ``{"email", "password"}``.
PASSWORD_LOGIN = LoginBody("PasswordLogin", (EMAIL, PASSWORD))
#: ``{"username", "password"}``.
USERNAME_LOGIN = LoginBody("UsernameLogin", (USERNAME, PASSWORD))
#: ``{"access_token"}``.
ACCESS_TOKEN_LOGIN = LoginBody("AccessTokenLogin", (ACCESS_TOKEN,))
