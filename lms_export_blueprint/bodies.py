"""Request bodies for :class:`transport.Call`.

- ``json_bytes``: compact UTF-8 JSON, the default content type of a call;
- ``form_body``: ``application/x-www-form-urlencoded``, nested values as PHP-style bracketed
  form fields (``a[0][b]=``); a flat mapping is a plain form (an OAuth2 token request);
- ``form_data``: ``multipart/form-data``, the fields, then the file last;
- ``multipart_related``: ``multipart/related``, the JSON metadata, then the media.

``sendable(text)`` says whether a text can go into any of them at all.

Which LMS wants which is said where a provider builds one. Every body is built once, as bytes:
a retry resends exactly the same bytes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import msgspec

FORM = "application/x-www-form-urlencoded"

_JSON = msgspec.json.Encoder()


def sendable(text: str) -> bool:
    """Whether ``text`` has a UTF-8 form. JSON may carry a lone surrogate ("\\ud800"); no
    body to an LMS can, and ``str.encode`` refuses any surrogate, paired or not."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def json_bytes(payload: Any) -> bytes:
    """``payload`` as compact UTF-8 JSON, what ``json.dumps(payload, separators=(",", ":"),
    ensure_ascii=False).encode()`` gives, in a tenth of its time (msgspec, BENCHMARKS.md)."""
    return _JSON.encode(payload)


@dataclass(frozen=True)
class Body:
    """Bytes to send and the ``Content-Type`` that says what they are."""

    data: bytes
    content_type: str


def form_body(params: Mapping[str, Any]) -> Body:
    """``params`` form-encoded, nested mappings and lists flattened to ``key[0][name]=value``
    (how PHP builds ``$_POST`` back into arrays). True and False are sent as 1 and 0, None
    leaves its key out."""
    return Body(urlencode(list(flatten_params(params))).encode("ascii"), FORM)


def flatten_params(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(key, text)`` pairs of ``value``: ``{"a": [{"b": 1}]}`` gives ``("a[0][b]", "1")``."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            yield from flatten_params(item, f"{prefix}[{name}]" if prefix else str(name))
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if not prefix:
            raise TypeError("a form body is a mapping at the top, not a list")
        for index, item in enumerate(value):
            yield from flatten_params(item, f"{prefix}[{index}]")
    elif value is None:
        return
    elif not prefix:
        raise TypeError("a form body is a mapping at the top")
    elif isinstance(value, bool):
        yield prefix, "1" if value else "0"
    elif isinstance(value, (str, int, float)):
        yield prefix, str(value)
    else:
        raise TypeError(f"{prefix}: a {type(value).__name__} has no form encoding")


def form_data(fields: Mapping[str, str], file_name: str, content: bytes,
              media_type: str) -> Body:
    """``multipart/form-data``: ``fields`` in order, then the file as ``file``, last (an
    S3-style upload form takes no field after the file)."""
    boundary = _boundary(content)
    parts = [_part(boundary, f'form-data; name="{_quoted(name)}"', None, value.encode())
             for name, value in fields.items()]
    parts.append(_part(boundary, f'form-data; name="file"; filename="{_quoted(file_name)}"',
                       media_type, content))
    return Body(b"".join(parts) + f"--{boundary}--\r\n".encode(),
                f"multipart/form-data; boundary={boundary}")


def multipart_related(metadata: Mapping[str, Any], content: bytes, media_type: str) -> Body:
    """``multipart/related``: the JSON metadata first, then the media: a file and its
    metadata in one request."""
    boundary = _boundary(content)
    meta = json_bytes(metadata)
    parts = (_part(boundary, None, "application/json; charset=UTF-8", meta)
             + _part(boundary, None, media_type, content))
    return Body(parts + f"--{boundary}--\r\n".encode(),
                f"multipart/related; boundary={boundary}")


def _boundary(content: bytes) -> str:
    """A boundary the content does not hold (RFC 2046 section 5.1.1)."""
    while True:
        boundary = "lmsx" + secrets.token_hex(16)
        if boundary.encode() not in content:
            return boundary


def _part(boundary: str, disposition: str | None, media_type: str | None,
          content: bytes) -> bytes:
    head = [f"--{boundary}"]
    if disposition is not None:
        head.append(f"Content-Disposition: {disposition}")
    if media_type is not None:
        head.append(f"Content-Type: {media_type}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + content + b"\r\n"


def _quoted(name: str) -> str:
    """A name inside a quoted header parameter, escaped as browsers do (WHATWG HTML's
    multipart/form-data encoding): a quote or a line break cannot end it early."""
    return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
