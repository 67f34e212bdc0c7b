"""What every blueprint of ours shares: JSON errors, the host user first, documented errors."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from flask import request
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException, InternalServerError

from .auth import host_user_id
from .errors import LMSExportError
from .http_errors import (
    JSONBodyParser,
    handle_export_error,
    handle_http_exception,
    internal_error_naming,
)
from .schemas import LMSExportErrorSchema
from .state import current_state

if TYPE_CHECKING:
    from .extension import LMSExport

#: The OpenAPI security scheme of the host's own bearer token.
HOST_BEARER = "hostBearer"

View = Callable[..., Any]


class ExportBlueprint(Blueprint):
    """A smorest Blueprint whose errors are our JSON bodies and whose body must be JSON.

    :param operations: view name -> what it does, for the detail of its 500.
    """

    ARGUMENTS_PARSER = JSONBodyParser()

    def __init__(self, name: str, import_name: str, *, operations: Mapping[str, str],
                 **kwargs: Any) -> None:
        super().__init__(name, import_name, **kwargs)
        self.register_error_handler(LMSExportError, handle_export_error)
        self.register_error_handler(InternalServerError, internal_error_naming(operations))
        self.register_error_handler(HTTPException, handle_http_exception)


def with_host_user(extension: LMSExport | None = None) -> Callable[[View], View]:
    """Resolve the host user before the body is read: a stranger gets 401, never a 422.

    The token loader is ``extension``'s, or without one the current app's (a provider's
    routes know no extension).
    """
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            loaders = extension.loaders if extension is not None else current_state().loaders
            user_id = host_user_id(request, loaders.user)
            return view(*args, user_id=user_id, **kwargs)
        return wrapper
    return decorator


def documented_errors(blp: Blueprint, errors: Mapping[int, str]) -> Callable[[View], View]:
    """The host bearer and each listed error status in the view's OpenAPI operation.

    smorest's ``doc`` and ``alt_response`` record what they document on the function they
    return, and each wraps the view in a call layer of its own (the app's lookup and
    ``ensure_sync``, about 1.1 us a request each). Here the record is kept
    (``functools.wraps`` carries a function's attributes) and the view is called directly.
    """
    def decorator(view: View) -> View:
        documented = blp.doc(security=[{HOST_BEARER: []}])(view)
        for status, description in errors.items():
            documented = blp.alt_response(status, schema=LMSExportErrorSchema,
                                          description=description)(documented)

        @functools.wraps(documented)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)
        return wrapper
    return decorator
