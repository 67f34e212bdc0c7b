"""Exports a double's package loads on first use: ``Fake*`` needs `responses` (the testing
extra) and ``Live*`` starts a server module, so importing the double stays light and works on a
plain install."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_exports(package: str, modules: Mapping[str, str], exported: Sequence[str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's ``__getattr__`` and ``__dir__`` (PEP 562): a name of ``modules`` is
    imported from its module (relative to ``package``) when first read."""

    def __getattr__(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f".{modules[name]}", package), name)

    def __dir__() -> list[str]:
        return sorted(exported)

    return __getattr__, __dir__
