"""The Lino plugin of lino_clients (see lino_core_model/lino_plugin.py)."""

from __future__ import annotations

from lino_core_model.lino_plugin import LinoAppsPlugin

__all__ = ["Plugin"]


class Plugin(LinoAppsPlugin):
    django_label = "clients"
    needs_plugins = ["lino_core_model"]
    config_tables = ("ClientContactTypes",)
    explorer_tables = ("ClientContacts",)
