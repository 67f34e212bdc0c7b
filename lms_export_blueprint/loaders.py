"""The host's three callbacks, with defaults that say what to register."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

UserLoader = Callable[[str], "str | None"]
CourseLoader = Callable[[str], "dict[str, Any] | None"]
AssetLoader = Callable[[str, str], "dict[str, Any] | None"]


def _missing(decorator: str) -> Callable[..., Any]:
    def callback(*_: Any) -> Any:
        raise RuntimeError(
            f"LMSExport has no {decorator}: decorate a function with @lms_export.{decorator} "
            f"or pass {decorator}= to LMSExport(...) or init_app(...)"
        )
    return callback


@dataclass
class Loaders:
    """Bearer token -> user id, course id -> course, (course id, asset name) -> asset."""

    user: UserLoader = _missing("user_loader")  # noqa: RUF009 (a shared function is the point)
    course: CourseLoader = _missing("course_loader")  # noqa: RUF009
    asset: AssetLoader = _missing("asset_loader")  # noqa: RUF009
