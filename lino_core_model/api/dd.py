"""``dd``: the design-time facade of Lino (what an app needs to define its models).

Names are imported on first access, so that ``dd`` can be imported before the
modules it re-exports (e.g. while the app registry is still loading).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db import models as fields
from django.utils.translation import gettext_lazy as _

from lino_core_model.actions import Action
from lino_core_model.fields import VirtualField, displayfield, htmlbox, virtualfield
from lino_core_model.tables import Table

_LAZY = {
    "Model": "lino_core_model.models",
    "ChoiceList": "lino_core_model.choicelists",
    "Choice": "lino_core_model.choicelists",
    "ChoiceListField": "lino_core_model.choicelists",
    "Workflow": "lino_core_model.workflows",
    "inject_field": "lino_core_model.inject",
    "update_field": "lino_core_model.inject",
}

__all__ = [
    "_",
    "fields",
    "Action",
    "Table",
    "VirtualField",
    "displayfield",
    "htmlbox",
    "virtualfield",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
