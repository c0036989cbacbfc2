"""System checks of lino_checkdata (ids ``lino_checkdata.E001`` ...)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks

# Problem is a Controllable (lino_gfks) owned by the checked row (a ContentType).
NEEDED_APPS = ("django.contrib.contenttypes", "lino_core_model", "lino_gfks")


@checks.register()
def check_needed_apps(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """lino_checkdata.E001: the apps it builds on are installed."""
    return [
        checks.Error(
            f"lino_checkdata needs {name!r} in INSTALLED_APPS.",
            hint=f"Add {name!r} to INSTALLED_APPS.",
            id="lino_checkdata.E001",
        )
        for name in NEEDED_APPS
        if not apps.is_installed(name)
    ]
