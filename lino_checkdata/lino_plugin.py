"""The Lino plugin of lino_checkdata (see lino_core_model/lino_plugin.py).

Its Django label is ``checkdata``, as that of Lino's ``lino.modlib.checkdata``:
a Lino site installs one of the two (see ``docs/guide/lino_site.rst``).
"""

from __future__ import annotations

from lino_core_model.lino_plugin import LinoAppsPlugin


class Plugin(LinoAppsPlugin):
    django_label = "checkdata"
    needs_plugins = ["lino_core_model", "lino_gfks"]
