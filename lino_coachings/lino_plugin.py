"""The Lino plugin of lino_coachings (see lino_core_model/lino_plugin.py)."""

from __future__ import annotations

from lino_core_model.lino_plugin import LinoAppsPlugin

__all__ = ["Plugin"]


class Plugin(LinoAppsPlugin):
    django_label = "coachings"
    needs_plugins = ["lino_clients"]
    config_tables = ("CoachingTypes", "CoachingEndings")
    explorer_tables = ("Coachings",)
