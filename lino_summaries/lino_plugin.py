"""The Lino plugin of lino_summaries (see lino_core_model/lino_plugin.py)."""

from __future__ import annotations

from lino_core_model.lino_plugin import LinoAppsPlugin

__all__ = ["Plugin"]


class Plugin(LinoAppsPlugin):
    django_label = "summaries"
    needs_plugins = ["lino_core_model"]
