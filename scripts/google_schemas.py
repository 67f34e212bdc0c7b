#!/usr/bin/env python3
"""Write the Google double's schema subset from google-api-python-client's discovery documents.

    .venv/bin/python scripts/google_schemas.py            # rewrites the shipped file
    .venv/bin/python scripts/google_schemas.py --check    # exits 1 when it differs

The double (``lms_export_blueprint/testing/google/``) checks every request body against the
method's schema in ``classroom.v1``, ``forms.v1`` and ``drive.v3`` as Google publishes them. A
host's suite has no google-api-python-client, so the subset the double needs ships as JSON;
``tests/google/test_google_schemas.py`` proves it equals what the client bundles.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: The methods the double serves, by discovery id, per API document.
METHODS: dict[str, tuple[str, ...]] = {
    "classroom.v1": (
        "classroom.userProfiles.get", "classroom.courses.create", "classroom.courses.get",
        "classroom.courses.list", "classroom.courses.courseWork.create",
        "classroom.courses.courseWork.list", "classroom.courses.courseWork.get",
        "classroom.courses.courseWork.delete", "classroom.courses.courseWorkMaterials.create",
        "classroom.courses.courseWorkMaterials.list",
        "classroom.courses.courseWorkMaterials.get",
        "classroom.courses.courseWorkMaterials.delete", "classroom.courses.topics.create",
        "classroom.courses.topics.list"),
    "forms.v1": ("forms.forms.create", "forms.forms.get", "forms.forms.batchUpdate",
                 "forms.forms.setPublishSettings"),
    "drive.v3": ("drive.files.create", "drive.files.update", "drive.files.list",
                 "drive.files.get", "drive.files.delete"),
}
#: What the double reads of a property; descriptions stay in Google's documents.
PROPERTY_KEYS = ("type", "$ref", "format", "enum", "items", "additionalProperties", "readOnly")

TARGET = (Path(__file__).resolve().parent.parent / "lms_export_blueprint" / "testing" / "google"
          / "discovery_subset.json")


def documents_dir() -> Path:
    import googleapiclient

    return Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"


def build_subset(documents: Path) -> dict[str, Any]:
    """``{"apis": {name: {"rootUrl", "servicePath", "revision", "methods", "schemas"}}}``."""
    apis = {}
    for name, wanted in METHODS.items():
        document = json.loads((documents / f"{name}.json").read_text(encoding="utf-8"))
        found = {method["id"]: method for method in _methods(document)}
        methods = {method_id: _method(found[method_id]) for method_id in wanted}
        refs = {method["request"] for method in methods.values() if method["request"]}
        apis[name] = {"rootUrl": document["rootUrl"], "servicePath": document["servicePath"],
                      "revision": document.get("revision"),
                      "parameters": sorted(document.get("parameters", {})),
                      "methods": methods,
                      "schemas": _closure(document["schemas"], refs)}
    return {"apis": apis}


def _methods(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(node.get("methods", {}).values())
    for child in node.get("resources", {}).values():
        found.extend(_methods(child))
    return found


def _method(method: dict[str, Any]) -> dict[str, Any]:
    upload = method.get("mediaUpload", {}).get("protocols", {}).get("simple", {}).get("path")
    return {"httpMethod": method["httpMethod"], "path": method.get("flatPath", method["path"]),
            "request": method.get("request", {}).get("$ref"),
            "uploadPath": upload, "scopes": sorted(method.get("scopes", [])),
            "parameters": {name: {key: value for key, value in spec.items()
                                  if key in ("type", "location", "required", "repeated", "enum")}
                           for name, spec in sorted(method.get("parameters", {}).items())}}


def _closure(schemas: dict[str, Any], roots: set[str]) -> dict[str, Any]:
    """Every schema reachable from ``roots``, its properties cut to :data:`PROPERTY_KEYS`."""
    kept: dict[str, Any] = {}
    pending = sorted(roots)
    while pending:
        name = pending.pop()
        if name in kept:
            continue
        schema = schemas[name]
        properties = sorted(schema.get("properties", {}).items())
        kept[name] = {"type": schema.get("type", "object"),
                      "properties": {prop: _property(spec, pending) for prop, spec in properties}}
    return dict(sorted(kept.items()))


def _property(spec: dict[str, Any], pending: list[str]) -> dict[str, Any]:
    if "$ref" in spec:
        pending.append(spec["$ref"])
    out = {key: spec[key] for key in PROPERTY_KEYS if key in spec}
    for nested in ("items", "additionalProperties"):
        if isinstance(spec.get(nested), dict):
            out[nested] = _property(spec[nested], pending)
    if isinstance(spec.get("properties"), dict):  # an object declared inline (Drive's File)
        out["properties"] = {name: _property(inner, pending)
                             for name, inner in sorted(spec["properties"].items())}
    return out


def render(subset: dict[str, Any]) -> str:
    return json.dumps(subset, indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    text = render(build_subset(documents_dir()))
    if "--check" in argv:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{TARGET} differs from the client's documents")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
