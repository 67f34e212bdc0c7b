"""LMS providers by name or dotted path, chosen by ``LMS_PROVIDER`` (docs/providers.md).

A provider is a class; :data:`PROVIDERS` names ours by import path, so a provider loads only
when it is used or documented. ``register_provider`` adds one from outside, and
``LMS_PROVIDER`` may also be the dotted path of a class, as Flask-Caching's ``CACHE_TYPE`` is.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import LMSConfigError
from .base import (
    LMSCourseResult,
    LMSLogin,
    Progress,
    Provider,
    ProviderContext,
    ProviderHooks,
    Push,
    PushItem,
)
from .login import LoginBody, LoginField

if TYPE_CHECKING:
    from ..config import Key

__all__ = ["PROVIDERS", "LMSCourseResult", "LMSLogin", "LoginBody", "LoginField", "Progress",
           "Provider", "ProviderContext", "ProviderHooks", "Push", "PushItem",
           "provider_class", "provider_keys", "register_provider"]

logger = logging.getLogger(__name__)

#: Every provider by name: the dotted path of its class (or, registered, the class itself).
PROVIDERS: dict[str, str | type[Any]] = {
    "generic": "lms_export_blueprint.providers.generic.GenericProvider",
    "canvas": "lms_export_blueprint.providers.canvas.CanvasProvider",
    "google": "lms_export_blueprint.providers.google.GoogleProvider",
    "moodle": "lms_export_blueprint.providers.moodle.MoodleProvider",
}


def register_provider(name: str, provider: str | type[Any]) -> None:
    """Offer ``provider`` (a class, or its dotted path) as ``LMS_PROVIDER = name``."""
    if not name or not isinstance(name, str) or "." in name:
        raise ValueError("A provider name must be a non-empty string without dots")
    PROVIDERS[name] = provider


def provider_class(name: str) -> type[Any]:
    """The class ``name`` stands for: a registered name, or a dotted path to a class."""
    entry = PROVIDERS.get(name, name)
    if not isinstance(entry, str):
        return _checked(entry, name)
    module_name, _, attribute = entry.rpartition(".")
    if not module_name:
        raise LMSConfigError(f"app.config['LMS_PROVIDER'] is {name!r}: must be one of "
                             f"{', '.join(map(repr, PROVIDERS))}, or the dotted path of a "
                             f"provider class")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise LMSConfigError(f"app.config['LMS_PROVIDER'] names {entry!r}, which cannot be "
                             f"imported: {exc}") from None
    if not isinstance(found, type):
        raise LMSConfigError(f"app.config['LMS_PROVIDER'] names {entry!r}, which is not a "
                             f"class")
    return _checked(found, name)


#: What a provider class must define itself; the rest has defaults in ``ProviderHooks``.
REQUIRED = ("name", "login_bodies", "sign_in", "validate_token", "user_info", "probe_url",
            "check", "requests_planned", "send")


def _checked(cls: type[Any], name: str) -> type[Any]:
    """``cls``, with ``ProviderHooks``' defaults for the optional hooks it leaves out."""
    missing = [attribute for attribute in REQUIRED if not hasattr(cls, attribute)]
    if missing:
        raise LMSConfigError(f"app.config['LMS_PROVIDER'] is {name!r}, whose class "
                             f"{cls.__qualname__} lacks {', '.join(missing)} "
                             f"(docs/providers.md)")
    if issubclass(cls, ProviderHooks):
        return cls
    if cls not in _WITH_HOOKS:
        _WITH_HOOKS[cls] = type(cls.__name__, (cls, ProviderHooks), {"__module__": cls.__module__})
    return _WITH_HOOKS[cls]


_WITH_HOOKS: dict[type[Any], type[Any]] = {}


def registered_classes() -> list[type[Any]]:
    """Every registered provider's class that imports; one that does not is logged, skipped."""
    found = []
    for name in PROVIDERS:
        try:
            found.append(provider_class(name))
        except LMSConfigError as exc:
            logger.warning("Provider %r is not available: %s", name, exc)
    return found


def provider_keys(*extra: type[Any]) -> tuple[Key, ...]:
    """The config keys of every registered provider (and of ``extra``), each once."""
    keys: dict[str, Key] = {}
    for cls in [*registered_classes(), *extra]:
        for key in getattr(cls, "config_keys", ()):
            keys.setdefault(key.name, key)
    return tuple(keys.values())


def unused_keys(config: Mapping[str, Any], provider: type[Any]) -> list[str]:
    """Warnings for another provider's keys set to something: ``provider`` never reads them
    (a developer key with ``LMS_PROVIDER = "generic"`` opens no OAuth2 routes)."""
    own = {key.name for key in getattr(provider, "config_keys", ())}
    return [f"{key.name} is set, but LMS_PROVIDER is {config['LMS_PROVIDER']!r}, which "
            f"does not read it" for key in provider_keys()
            if key.name not in own and config.get(key.name, key.default) != key.default]
