"""System checks of lino_gfks."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from lino_core_model.checks import needed_apps_errors
from lino_core_model.options import read_options

from ._references import all_gfks, is_nullable
from .owners import owner_models

__all__: list[str] = []

NEEDED_APPS = ("django.contrib.contenttypes", "lino_core_model")


def check_needed_apps(**kwargs: Any) -> list[checks.CheckMessage]:
    """lino_gfks.E001: ``django.contrib.contenttypes`` and ``lino_core_model`` are needed."""
    return needed_apps_errors("lino_gfks", NEEDED_APPS, "lino_gfks.E001")


def check_clear_on_delete(**kwargs: Any) -> list[checks.CheckMessage]:
    """lino_gfks.E002: a ``clear_on_delete`` entry must name a nullable GFK."""
    errors = []
    gfks = {(gfk.model, gfk.name): gfk for gfk in all_gfks()}
    for model in apps.get_models():
        for name in sorted(read_options(model).clear_on_delete):
            gfk = gfks.get((model, name))
            try:
                nullable = gfk is not None and is_nullable(gfk)
            except FieldDoesNotExist:
                nullable = False
            if not nullable:
                errors.append(
                    checks.Error(
                        f"clear_on_delete names {name!r}, which is no nullable "
                        f"GenericForeignKey of {model._meta.label}.",
                        obj=model,
                        id="lino_gfks.E002",
                    )
                )
    return errors


def check_owner_index(**kwargs: Any) -> list[checks.CheckMessage]:
    """lino_gfks.W001: a ``Controllable`` model keeps its (owner_type, owner_id) index."""
    from .mixins import Controllable

    return [
        checks.Warning(
            f"{model._meta.label} has no index on (owner_type, owner_id): its Meta "
            "does not inherit Controllable.Meta.",
            hint="Declare `class Meta(Controllable.Meta):`.",
            obj=model,
            id="lino_gfks.W001",
        )
        for model in apps.get_models()
        if issubclass(model, Controllable)
        and not model._meta.proxy
        and not any(
            list(index.fields[:2]) == ["owner_type", "owner_id"] for index in model._meta.indexes
        )
    ]


def check_owner_models(**kwargs: Any) -> list[checks.CheckMessage]:
    """lino_gfks.E003: ``owner_models`` names installed models (``app_label.ModelName``)."""
    errors = []
    for gfk in all_gfks():
        try:
            owner_models(gfk)
        except (LookupError, ValueError) as exc:
            errors.append(
                checks.Error(
                    f"owner_models of {gfk.model._meta.label}.{gfk.name}: {exc}",
                    obj=gfk.model,
                    id="lino_gfks.E003",
                )
            )
    return errors
