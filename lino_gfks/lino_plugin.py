"""The Lino plugin of lino_gfks (see lino_core_model/lino_plugin.py)."""

from __future__ import annotations

from lino_core_model.lino_plugin import LinoAppsPlugin

__all__ = ["Plugin"]


class Plugin(LinoAppsPlugin):
    django_label = "gfks"
    needs_plugins = ["lino_core_model", "django.contrib.contenttypes"]
