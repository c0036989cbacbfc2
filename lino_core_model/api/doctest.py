"""``from lino_core_model.api.doctest import *``: what a spec needs.

Gives ``rt``, ``dd``, ``show`` (= ``rt.show``), ``E`` (etgen's HTML builder)
and, for every installed app, its ``rt.models`` namespace under its label
(``clients.ClientStates``, ``contacts.Person``, ``gfks.ContentTypes``).
Import it after ``lino_core_model.startup("demo_project.settings")``.
"""

from __future__ import annotations

from django.apps import apps
from etgen.html import E

from . import dd, rt
from .rt import show

__all__ = ["rt", "dd", "show", "E"]

for _config in apps.get_app_configs():
    if _config.label not in globals():
        globals()[_config.label] = getattr(rt.models, _config.label)
        __all__.append(_config.label)
del _config
