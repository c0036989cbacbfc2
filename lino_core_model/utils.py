"""Small helpers about models and texts."""

from __future__ import annotations

import re

from django.db import models

# Characters XML (and so lxml, which builds our HTML) refuses: control characters and
# the like, which a text in the database may still contain.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with each character that XML refuses replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def full_model_name(model: type[models.Model] | models.Model, sep: str = ".") -> str:
    """``"app_label.ModelName"``, as Lino writes it."""
    return f"{model._meta.app_label}{sep}{model._meta.object_name}"


def split_names(value) -> frozenset[str]:
    """The one reading of a list of names: ``None``, a space-separated string, or an
    iterable of names or of field objects (as Lino's kernel leaves them)."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(v.name if isinstance(v, models.Field) else v for v in value)


def installed_model(label: str) -> type[models.Model] | None:
    """The installed model named ``"app_label.ModelName"``, or None when ``label`` names
    no installed model (or is no such label at all, e.g. a setting left empty)."""
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def mti_parents(model: type[models.Model]) -> list[type[models.Model]]:
    """The concrete multi-table-inheritance ancestors of ``model``, nearest first."""
    return [p for p in model._meta.get_parent_list() if not p._meta.abstract]


def concrete_family(model: type[models.Model]) -> list[type[models.Model]]:
    """``model`` followed by its concrete MTI ancestors."""
    return [model, *mti_parents(model)]


__all__ = [
    "concrete_family",
    "full_model_name",
    "installed_model",
    "mti_parents",
    "split_names",
    "xml_text",
]
