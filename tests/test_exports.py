"""Every error a route can answer is importable from the package itself (docs/routes.md)."""

from __future__ import annotations

import importlib
import pkgutil

import lms_export_blueprint
from lms_export_blueprint import LMSExportError

#: Errors a provider defines for its own bookkeeping subclass an exported one (a host catches
#: ``LMSError``); the doubles answer no route of ours.
PRIVATE_PACKAGES = ("lms_export_blueprint.providers.", "lms_export_blueprint.testing.")


def _every_module() -> None:
    for module in pkgutil.walk_packages(lms_export_blueprint.__path__, "lms_export_blueprint."):
        if not module.name.startswith(PRIVATE_PACKAGES[1]):
            importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _handled_classes(app) -> set[type]:
    """The classes the extension's blueprints register error handlers for."""
    handled: set[type] = set()
    for blueprint, by_code in app.error_handler_spec.items():
        if blueprint and blueprint.startswith("lms_"):
            for handlers in by_code.values():
                handled.update(handlers)
    return handled


def test_every_error_class_a_route_can_answer_is_exported_at_the_top(app):
    _every_module()
    handled = _handled_classes(app)
    assert LMSExportError in handled
    ours = {cls for base in handled if issubclass(base, LMSExportError)
            for cls in {base, *_subclasses(base)}
            if cls.__module__.startswith("lms_export_blueprint.")
            and not cls.__module__.startswith(PRIVATE_PACKAGES)}
    missing = sorted(cls.__qualname__ for cls in ours
                     if getattr(lms_export_blueprint, cls.__name__, None) is not cls)
    assert len(ours) > 30
    assert missing == []
    assert set(lms_export_blueprint.__all__) >= {cls.__name__ for cls in ours}


def test_a_provider_error_is_caught_as_the_exported_one_it_extends():
    _every_module()
    exported = {getattr(lms_export_blueprint, name) for name in lms_export_blueprint.__all__}
    private = [cls for cls in _subclasses(LMSExportError)
               if cls.__module__.startswith(PRIVATE_PACKAGES[0])]
    assert private  # the ledger's MaybeMade and Canvas's StoppedEarly at least
    for cls in private:
        parents = [base for base in cls.__bases__ if issubclass(base, LMSExportError)]
        assert parents and all(base in exported for base in parents), cls
