"""The smoke tier's list stays true: each module it names exists and holds tests."""

from __future__ import annotations

import pytest
from smoke import SMOKE_MODULES, TESTS


@pytest.mark.parametrize("module", SMOKE_MODULES)
def test_each_smoke_module_exists_and_holds_tests(module):
    path = TESTS / module
    assert path.is_file(), f"tests/smoke.py names {module}, which is gone"
    assert "\ndef test_" in path.read_text(encoding="utf-8")
