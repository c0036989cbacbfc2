"""System checks of lino_checkdata (ids ``lino_checkdata.E001`` ...)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from lino_core_model.checks import needed_apps_errors

__all__: list[str] = []

# Problem is a Controllable (lino_gfks) owned by the checked row (a ContentType).
NEEDED_APPS = ("django.contrib.contenttypes", "lino_core_model", "lino_gfks")


@checks.register()
def check_needed_apps(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """lino_checkdata.E001: the apps it builds on are installed."""
    return needed_apps_errors("lino_checkdata", NEEDED_APPS, "lino_checkdata.E001")
