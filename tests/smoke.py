"""The smoke tier: a curated few modules that touch every main path, in seconds.

``scripts/test -m smoke`` runs them: login (generic and Canvas), a push of every asset type,
the export formats against their golden files, the package route, Canvas quizzes and pages on
its double, the extension's wiring and hooks. With ``-m smoke`` exactly, only these modules are
collected, so the tier does not pay for importing the rest (docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).parent

#: Module paths under tests/, each wholly in the tier.
SMOKE_MODULES = (
    "test_login.py",
    "test_push.py",
    "test_extension.py",
    "test_hooks.py",
    "formats/test_formats_golden.py",
    "packages/test_packages_route.py",
    "canvas_provider/test_login.py",
    "canvas_provider/test_quizzes.py",
    "canvas_provider/test_pages.py",
)


def in_smoke_tier(path: Path) -> bool:
    return path.is_relative_to(TESTS) and path.relative_to(TESTS).as_posix() in SMOKE_MODULES


def only_smoke_requested(markexpr: str) -> bool:
    return markexpr.strip() == "smoke"
