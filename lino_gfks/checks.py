"""System checks of lino_gfks."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from .references import all_gfks, clear_on_delete_names, is_nullable

NEEDED_APPS = ("django.contrib.contenttypes", "lino_core_model")


def check_needed_apps(**kwargs: Any) -> list[checks.CheckMessage]:
    """lino_gfks.E001: ``django.contrib.contenttypes`` and ``lino_core_model`` are needed."""
    return [
        checks.Error(
            f"lino_gfks needs {name!r} in INSTALLED_APPS.",
            hint=f"Add {name!r} to INSTALLED_APPS.",
            id="lino_gfks.E001",
        )
        for name in NEEDED_APPS
        if not apps.is_installed(name)
    ]


def check_clear_on_delete(**kwargs: Any) -> list[checks.CheckMessage]:
    """lino_gfks.E002: a ``clear_on_delete`` entry must name a nullable GFK."""
    errors = []
    gfks = {(gfk.model, gfk.name): gfk for gfk in all_gfks()}
    for model in apps.get_models():
        for name in sorted(clear_on_delete_names(model)):
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
