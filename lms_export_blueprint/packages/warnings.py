"""What a package dropped or converted, said once per kind with the assets it touched."""

from __future__ import annotations

from urllib.parse import quote

#: Response header that carries the warnings; ``; `` separates them.
HEADER = "X-LMS-Package-Warnings"
# Printable ASCII stays readable; anything else (and "%" itself) is percent-encoded UTF-8,
# since a header holds Latin-1 at most and asset names can be any text.
_READABLE = "".join(chr(code) for code in range(0x20, 0x7f) if chr(code) not in "%;")
# Proxies refuse answers with large headers (nginx: 4-8 KiB by default), and a warning about
# a thousand assets must still fit: a few names, each cut short, then a count.
MAX_NAMES = 5
MAX_NAME_LENGTH = 60


class PackageWarnings:
    """Warnings in the order first seen; each lists the assets it applies to."""

    def __init__(self) -> None:
        self._assets: dict[str, list[str]] = {}

    def add(self, message: str, asset_name: str) -> None:
        assets = self._assets.setdefault(message, [])
        if asset_name not in assets:
            assets.append(asset_name)

    def messages(self) -> list[str]:
        return [f"{message}: {_names(assets)}" for message, assets in self._assets.items()]

    def __bool__(self) -> bool:
        return bool(self._assets)


def _names(assets: list[str]) -> str:
    shown = [name if len(name) <= MAX_NAME_LENGTH else name[:MAX_NAME_LENGTH - 1] + "…"
             for name in assets[:MAX_NAMES]]
    more = len(assets) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def header_value(messages: list[str]) -> str:
    """The messages as one header value: ``; ``-separated, non-ASCII percent-encoded."""
    return "; ".join(quote(message, safe=_READABLE) for message in messages)
