"""Parameters as PHP reads a form: ``courses[0][fullname]=...`` (``$_POST`` nests on brackets).

Moodle's REST server takes a call's parameters from ``array_merge($_GET, $_POST)``
(webservice/rest/locallib.php, ``parse_request``) and checks them against the function's
``external_function_parameters``: lists and objects arrive as nested PHP arrays.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

#: The content type PHP fills ``$_POST`` from.
FORM = "application/x-www-form-urlencoded"


def encode(params: Mapping[str, Any]) -> bytes:
    """``params`` as one form body; None is left out, a bool is ``1``/``0``."""
    return urlencode(list(_pairs(params, ""))).encode()


def _pairs(value: Any, name: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _pairs(item, f"{name}[{key}]" if name else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _pairs(item, f"{name}[{index}]")
    elif isinstance(value, bool):
        yield name, "1" if value else "0"
    elif value is not None:
        yield name, str(value)
