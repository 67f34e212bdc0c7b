"""The schema subset the Google double ships is what google-api-python-client bundles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "scripts" / "google_schemas.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("google_schemas", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["google_schemas"] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_subset_equals_the_one_made_from_the_clients_documents():
    generator = load_generator()

    made = generator.render(generator.build_subset(generator.documents_dir()))

    assert generator.TARGET.read_text(encoding="utf-8") == made, (
        "run: .venv/bin/python scripts/google_schemas.py")


def test_the_subset_holds_every_request_schema_the_double_serves():
    generator = load_generator()
    subset = generator.build_subset(generator.documents_dir())

    for api in subset["apis"].values():
        for method in api["methods"].values():
            assert method["request"] is None or method["request"] in api["schemas"]
