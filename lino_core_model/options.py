"""The per-model options of lino-apps, read once from the model's declarations.

:func:`resolve_options` runs in ``AppConfig.ready()`` (no database access) and
reads, for every installed model, what its class declares: the delete and copy
policy, the quick-search fields, the workflow state field and its generic
foreign keys; reference providers (``lino_gfks``) add the references to it.
Everything else asks :func:`lino_options`, never the class attributes again, so
code that later changes those attributes (Lino's kernel turns names into field
objects) changes nothing here.

A model created after start-up (a test model) is read when asked, every time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from lino_core_model.utils import split_names

__all__ = [
    "ModelOptions",
    "lino_options",
    "per_resolve",
    "read_options",
    "resolve_options",
    "workflow_field",
]

TEXT_FIELDS = (models.CharField, models.TextField)
INTEGER_FIELDS = (models.IntegerField, models.AutoField)


def _ordered_names(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(v.name if isinstance(v, models.Field) else v for v in value)


@dataclass
class ModelOptions:
    """What lino-apps does with the rows of one model."""

    model: type[models.Model]
    #: ``allow_cascaded_delete``: references deleted with the row (else they protect it).
    cascaded_delete: frozenset[str]
    #: ``allow_cascaded_copy`` (default: as ``cascaded_delete``): rows copied with it.
    cascaded_copy: frozenset[str]
    #: ``clear_on_delete``: nullable GFKs set to NULL when their target is deleted.
    clear_on_delete: frozenset[str]
    #: ``quick_search_fields`` (default: every CharField and TextField).
    search_fields: tuple[str, ...]
    #: ``quick_search_fields_digit`` (default: the integer fields that are not relations).
    digit_fields: tuple[str, ...]
    #: ``workflow_state_field``: the name of the state field, or None.
    workflow_state_field: str | None
    #: The model's own generic foreign keys.
    gfks: tuple


def read_options(model: type[models.Model]) -> ModelOptions:
    """The options ``model`` declares, read now (system checks read them so)."""
    from django.contrib.contenttypes.fields import GenericForeignKey  # a model module

    meta = model._meta
    cascaded_delete = split_names(getattr(model, "allow_cascaded_delete", None))
    copy = getattr(model, "allow_cascaded_copy", None)
    search = getattr(model, "quick_search_fields", None)
    digit = getattr(model, "quick_search_fields_digit", None)
    state = getattr(model, "workflow_state_field", None)
    return ModelOptions(
        model=model,
        cascaded_delete=cascaded_delete,
        cascaded_copy=cascaded_delete if copy is None else split_names(copy),
        clear_on_delete=split_names(getattr(model, "clear_on_delete", None)),
        search_fields=(
            tuple(f.name for f in meta.fields if isinstance(f, TEXT_FIELDS))
            if search is None
            else _ordered_names(search)
        ),
        digit_fields=(
            tuple(
                f.name for f in meta.fields if isinstance(f, INTEGER_FIELDS) and not f.is_relation
            )
            if digit is None
            else _ordered_names(digit)
        ),
        workflow_state_field=(state.name if isinstance(state, models.Field) else state) or None,
        gfks=tuple(f for f in meta.private_fields if isinstance(f, GenericForeignKey)),
    )


_resolved: dict[type[models.Model], ModelOptions] = {}


def lino_options(model: type[models.Model] | models.Model) -> ModelOptions:
    """The options of ``model`` (or of a row's model), as resolved at start-up."""
    if isinstance(model, models.Model):
        model = type(model)
    found = _resolved.get(model)
    return read_options(model) if found is None else found  # not installed: read now


_generation = 0


def resolve_options() -> None:
    """Read the options of every installed model (what is derived from them, such as
    references and MTI descendants, is read again when next asked: :func:`per_resolve`).

    Run by ``ready()`` and again when a reference provider is registered; a test
    that changes a model's declarations runs it again too.
    """
    global _generation
    resolved = {model: read_options(model) for model in apps.get_models()}
    _resolved.clear()
    _resolved.update(resolved)
    _generation += 1


def per_resolve(cache: dict, model: type[models.Model], compute: Callable[[], Any]) -> Any:
    """``compute()`` for ``model``, kept in ``cache`` until :func:`resolve_options` runs
    again; for a model not installed at start-up (a test model), computed every time."""
    if model not in _resolved:
        return compute()
    generation, value = cache.get(model, (None, None))
    if generation != _generation:
        value = compute()
        cache[model] = (_generation, value)
    return value


def workflow_field(model: type[models.Model]):
    """The ``ChoiceListField`` named by ``workflow_state_field``, or None."""
    name = lino_options(model).workflow_state_field
    return model._meta.get_field(name) if name else None
