"""The Model extension and the small Lino-style core shared by the lino-apps.

See ``docs/specs/model.rst`` for runnable examples.
"""

from __future__ import annotations

import os

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
