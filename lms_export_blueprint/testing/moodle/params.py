"""A form body as PHP's ``$_POST`` holds it: ``courses[0][fullname]=x`` is nested arrays."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def parse_form(body: bytes, query: str = "") -> dict[str, Any]:
    """``array_merge($_GET, $_POST)`` of webservice/rest/locallib.php: the body's keys win."""
    found: dict[str, Any] = {}
    for text in (query, body.decode("utf-8", "replace")):
        for name, value in parse_qsl(text, keep_blank_values=True):
            _put(found, name, value)
    return {key: _lists(value) for key, value in found.items()}


def _put(found: dict[str, Any], name: str, value: str) -> None:
    head, _, rest = name.partition("[")
    path = [head] + (_SEGMENT.findall("[" + rest) if rest else [])
    node = found
    for step in path[:-1]:
        child = node.get(step)
        if not isinstance(child, dict):
            child = node[step] = {}
        node = child
    node[path[-1]] = value


def _lists(value: Any) -> Any:
    """PHP arrays keyed 0..n-1 read as lists, as ``external_multiple_structure`` takes them."""
    if not isinstance(value, dict):
        return value
    items = {key: _lists(item) for key, item in value.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items
