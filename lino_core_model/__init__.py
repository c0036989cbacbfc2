"""The Model extension and the small Lino-style core shared by the lino-apps.

See ``docs/specs/model.rst`` for runnable examples.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"


def startup(settings_module: str | None = None) -> None:
    """Configure Django for a script or a doctest, like ``lino.startup()``.

    Does nothing when Django is already set up (e.g. under pytest-django).
    """
    from django.apps import apps

    if apps.ready:
        return
    if settings_module:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def plugin_getattr(package: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving Lino the package's ``Plugin``, imported on demand.

    Only a Lino site asks a package for ``Plugin``; a plain Django project never
    imports ``lino_plugin`` and so never imports Lino.
    """

    def __getattr__(name: str) -> Any:
        if name == "Plugin":
            from importlib import import_module

            return import_module(f"{package}.lino_plugin").Plugin
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


__getattr__ = plugin_getattr(__name__)

# The paths that moved keep importing (with a warning) for two minor releases.
from lino_core_model.deprecation import moved_modules  # noqa: E402

moved_modules()

__all__ = ["plugin_getattr", "startup"]
