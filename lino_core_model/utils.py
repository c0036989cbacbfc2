"""Small helpers about models."""

from __future__ import annotations

from django.db import models


def full_model_name(model: type[models.Model] | models.Model, sep: str = ".") -> str:
    """``"app_label.ModelName"``, as Lino writes it."""
    return f"{model._meta.app_label}{sep}{model._meta.object_name}"


def split_names(value) -> frozenset[str]:
    """Turn a space-separated string (or any iterable of names) into a frozenset."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(value)


def mti_parents(model: type[models.Model]) -> list[type[models.Model]]:
    """The concrete multi-table-inheritance ancestors of ``model``, nearest first."""
    return [p for p in model._meta.get_parent_list() if not p._meta.abstract]


def concrete_family(model: type[models.Model]) -> list[type[models.Model]]:
    """``model`` followed by its concrete MTI ancestors."""
    return [model, *mti_parents(model)]
