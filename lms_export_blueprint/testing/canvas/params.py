"""Request parameters as Rails sees them: Rack's nested query rules, JSON bodies, booleans."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

Params = dict[str, Any]

_FIRST_KEY = re.compile(r"\A[\[\]]*([^\[\]]+)\]*")
_CHILD_KEY = re.compile(r"\A\[([^\[\]]+)\]")


class ParameterTypeError(ValueError):
    """Two keys disagree about a parameter's shape (``a[b]=1&a[]=2``); Rails answers 400."""


def parse_nested_query(query: str) -> Params:
    """``a[b][]=1&a[b][]=2`` -> ``{"a": {"b": ["1", "2"]}}``, by Rack's rules.

    Rack::Utils.parse_nested_query (rack/lib/rack/query_parser.rb, normalize_params): ``[]``
    appends; ``x[][k]`` starts a new hash in the array when the last hash already has ``k``,
    which is why Canvas's own docs prefer indexed keys (``answers[0][answer_text]``).
    """
    params: Params = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        _normalize(params, name, value)
    return params


def _normalize(params: Params, name: str, value: Any) -> None:
    match = _FIRST_KEY.match(name)
    if match is None:
        return
    key, after = match.group(1), name[match.end():]
    if after == "":
        params[key] = value
    elif after == "[]":
        params.setdefault(key, [])
        _expect(params[key], list, key).append(value)
    elif after.startswith("[]"):
        child = after[2:]
        items = _expect(params.setdefault(key, []), list, key)
        last = items[-1] if items else None
        if isinstance(last, dict) and not _has_key_path(last, child):
            _normalize(last, child, value)
        else:
            fresh: Params = {}
            _normalize(fresh, child, value)
            items.append(fresh)
    else:
        nested = _expect(params.setdefault(key, {}), dict, key)
        _normalize(nested, after, value)


def _has_key_path(params: Params, child: str) -> bool:
    """Rack's params_hash_has_key?: does ``[a][b]`` already lead to a value in ``params``?"""
    if "[]" in child:
        return False
    node: Any = params
    for key in re.findall(r"\[([^\[\]]+)\]", child):
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _expect(value: Any, kind: type, key: str) -> Any:
    if not isinstance(value, kind):
        raise ParameterTypeError(f"expected {kind.__name__} (got {type(value).__name__}) "
                                 f"for param `{key}'")
    return value


def request_params(query: str, body: bytes, content_type: str) -> Params:
    """Query string and body merged, as Rails' ``params`` (a JSON body's keys win)."""
    params = parse_nested_query(query)
    if not body:
        return params
    if "json" in content_type:
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            raise ParameterTypeError("the request body is not valid JSON") from exc
        if isinstance(decoded, dict):
            params.update(decoded)
        return params
    for key, value in parse_nested_query(body.decode("utf-8", "replace")).items():
        params[key] = value
    return params


def to_boolean(value: Any) -> bool:
    """Canvas::Plugin.value_to_boolean: "1", "true", "on", "yes" (any case) and True are true."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "t", "on", "yes", "y"}


def indexed_list(value: Any) -> list[Any]:
    """``{"0": a, "1": b}`` or ``[a, b]`` -> ``[a, b]``: Canvas's AnswerGroup.generate orders a
    hash of answers by its keys read as integers
    (app/models/quizzes/quiz_question/answer_group.rb)."""
    if isinstance(value, dict):
        return [item for _, item in sorted(value.items(), key=lambda kv: _to_int(kv[0]))]
    if isinstance(value, list):
        return value
    return []


def _to_int(text: Any) -> int:
    match = re.match(r"\s*-?\d+", str(text))
    return int(match.group()) if match else 0
