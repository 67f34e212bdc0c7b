"""Request bodies checked against the method's schema in Google's discovery documents.

The schemas are the subset of ``classroom.v1``, ``forms.v1`` and ``drive.v3`` (as shipped in
google-api-python-client) the double needs, in ``discovery_subset.json``, written by
``scripts/google_schemas.py``. Google reads JSON bodies by the proto3 JSON mapping
(https://protobuf.dev/programming-guides/json/): an unknown field, a value of the wrong type
or an enum name it does not know is a 400 ``INVALID_ARGUMENT``; ``null`` is the default value;
64-bit integers may come as strings.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from .api import GoogleError, invalid

SUBSET = Path(__file__).with_name("discovery_subset.json")


@cache
def subset() -> dict[str, Any]:
    return json.loads(SUBSET.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def method(api: str, method_id: str) -> dict[str, Any]:
    return subset()["apis"][api]["methods"][method_id]  # type: ignore[no-any-return]


def api_of(method_id: str) -> str:
    return {"classroom": "classroom.v1", "forms": "forms.v1",
            "drive": "drive.v3"}[method_id.split(".", 1)[0]]


def check_body(method_id: str, body: Any) -> None:
    """Raise Google's 400 when ``body`` does not fit the method's request schema."""
    api = api_of(method_id)
    ref = method(api, method_id)["request"]
    if ref is None:
        return
    _check_object(api, ref, body, "")


def check_query(method_id: str, query: dict[str, str]) -> None:
    """Google refuses a query parameter the method does not declare."""
    api = api_of(method_id)
    known = set(method(api, method_id)["parameters"]) | set(subset()["apis"][api]["parameters"])
    for name in query:
        if name not in known:
            raise invalid(f'Invalid JSON payload received. Unknown name "{name}": '
                          f"Cannot bind query parameter. Field '{name}' could not be found "
                          f"in request message.")


def scopes(method_id: str) -> list[str]:
    return method(api_of(method_id), method_id)["scopes"]  # type: ignore[no-any-return]


def _check_object(api: str, ref: str, value: Any, path: str) -> None:
    schema = subset()["apis"][api]["schemas"][ref]
    _check_fields(api, schema["properties"], value, path)


def _check_fields(api: str, properties: dict[str, Any], value: Any, path: str) -> None:
    if not isinstance(value, dict):
        raise _wrong(path, "TYPE_MESSAGE", value)
    for name, item in value.items():
        spec = properties.get(name)
        if spec is None:
            where = f" at '{path}'" if path else ""
            raise invalid(f'Invalid JSON payload received. Unknown name "{name}"{where}: '
                          f"Cannot find field.")
        if item is not None:
            _check_value(api, spec, item, _join(path, name))


def _check_value(api: str, spec: dict[str, Any], value: Any, path: str) -> None:
    if "$ref" in spec:
        _check_object(api, spec["$ref"], value, path)
        return
    kind = spec.get("type")
    if kind == "array":
        if not isinstance(value, list):
            raise _wrong(path, "TYPE_REPEATED", value)
        for index, item in enumerate(value):
            _check_value(api, spec["items"], item, f"{path}[{index}]")
    elif kind == "object":
        if "additionalProperties" in spec:
            if not isinstance(value, dict):
                raise _wrong(path, "TYPE_MAP", value)
            for key, item in value.items():
                if item is not None:
                    _check_value(api, spec["additionalProperties"], item, f"{path}[{key}]")
        elif "properties" in spec:
            _check_fields(api, spec["properties"], value, path)
        elif not isinstance(value, dict):
            raise _wrong(path, "TYPE_MESSAGE", value)
    elif kind == "string":
        _check_string(spec, value, path)
    elif kind == "integer":
        if not _is_integer(value, spec.get("format")):
            raise _wrong(path, "TYPE_INT32", value)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _wrong(path, "TYPE_DOUBLE", value)
    elif kind == "boolean" and not isinstance(value, bool):
        raise _wrong(path, "TYPE_BOOL", value)


def _check_string(spec: dict[str, Any], value: Any, path: str) -> None:
    if spec.get("format") == "int64":  # proto3 JSON: a 64-bit integer as a string or number
        if not _is_integer(value, "int64"):
            raise _wrong(path, "TYPE_INT64", value)
        return
    if not isinstance(value, str):
        raise _wrong(path, "TYPE_STRING", value)
    if "enum" in spec and value not in spec["enum"]:
        raise _wrong(path, "TYPE_ENUM", value)


def _is_integer(value: Any, fmt: str | None) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and fmt == "int64" and re.fullmatch(r"-?\d+", value) is not None


def _join(path: str, name: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()  # Google names fields as in its protos
    return f"{path}.{snake}" if path else snake


def _wrong(path: str, kind: str, value: Any) -> GoogleError:
    return invalid(f"Invalid value at '{path}' ({kind}), {json.dumps(value)[:80]}")
