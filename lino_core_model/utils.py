"""Small helpers about models and texts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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


#: Two stand-ins for a primary key, in range of every integer field (a small one too):
#: a query compiled for each differs only where the key goes.
PK_STAND_INS = (32_001, 32_002)

Query = tuple[str, list]


def compile_per_pk(
    compile_for: Callable[[int], Query | None],
) -> Callable[[Any], Query | None] | None:
    """``compile_for(pk)`` compiled once for every integer key: a function that puts
    ``pk`` into the SQL compiled for the stand-ins, or None where the query depends on
    the key otherwise. ``compile_for`` gives None when there is nothing to ask."""
    first, second = (compile_for(pk) for pk in PK_STAND_INS)
    if first is None or second is None:
        return (lambda pk: None) if first is second else None
    (sql, params), (other_sql, other_params) = first, second
    if sql != other_sql or len(params) != len(other_params):
        return None
    at = [i for i, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b]
    if any((params[i], other_params[i]) != PK_STAND_INS for i in at):
        return None

    def bind(pk: Any) -> Query:
        bound = list(params)
        for i in at:
            bound[i] = pk
        return sql, bound

    return bind


__all__ = [
    "PK_STAND_INS",
    "compile_per_pk",
    "concrete_family",
    "full_model_name",
    "installed_model",
    "mti_parents",
    "split_names",
    "xml_text",
]
