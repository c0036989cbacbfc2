"""Which rows may own a controlled row, and keeping the owner until commit.

**Owner models.** A GFK may point only to the models of :func:`owner_models`:

1. the ``owner_models`` argument of our :class:`~lino_gfks.fields.GenericForeignKey`;
2. else the ``owner_models`` attribute of the model holding the GFK (a
   :class:`~lino_gfks.mixins.Controllable` declares its owners there);
3. else every concrete model that inherits our ``lino_core_model`` ``Model``,
   except the *derived* ones (:func:`is_derived`: summary rows, rows a merge
   recomputes).

The default never includes Django's own or third-party models (sessions, admin
log entries, permissions, groups, content types, task results). A listed model
also admits its multi-table children (a ``Partner`` admits a ``Person``), but
not a derived child: a derived model is an owner only where it is listed itself.

**Derived rows are no owners.** A recompute replaces them (``delete_them_all``),
a merge deletes them: a note owned by a user statistic would veto the daily
summaries of everybody. Validation, saving, the admin's choices and a duplicate
refuse them (all ask :func:`may_own`). A reference to one that exists anyway
(stored before they were refused, or written by ``UPDATE``) is still a reference
(:func:`may_refer_to`, which the reference graph uses): deleting that row by hand
is vetoed, and the summaries keep it and recompute it in place
(``lino_summaries.engine``), so that the note keeps its owner.

**The owner stays until commit.** :func:`check_owner` with ``lock`` (called by
``Controllable.clean`` and ``save``) runs inside the writing transaction: it
takes a shared lock on the owner's row (``FOR KEY SHARE`` on PostgreSQL, ``LOCK
IN SHARE MODE`` on MariaDB; SQLite serialises writers) and raises
``ValidationError`` when the owner no longer exists. A merge or a delete of the
owner locks the same row exclusively (``lino_core_model.locks``) before it looks
for references: it either waits and then sees the new row, or it commits first
and the writer gets the error. :data:`LOCK_OWNERS` switches the
lock off (for measuring only); the existence check stays.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_core_model.locks import SHARE, lock_rows
from lino_core_model.utils import split_names

__all__ = ["LOCK_OWNERS", "is_derived", "may_own", "may_refer_to", "owner_models"]

#: Take the shared lock on the owner row (switch off only to measure the race).
LOCK_OWNERS = True


def is_derived(model: type[models.Model]) -> bool:
    """Whether the rows of ``model`` are computed from other tables (its ``derived_rows``,
    e.g. summary rows) or deleted by a merge of their master (``recomputed_on_merge``)."""
    return bool(getattr(model, "derived_rows", False) or
                getattr(model, "recomputed_on_merge", False))


def declared_owner_models(gfk: GenericForeignKey) -> tuple[type[models.Model], ...] | None:
    """The ``owner_models`` of ``gfk`` or of its model, as classes; None if neither says."""
    declared = getattr(gfk, "owner_models", None)
    if declared is None:
        declared = getattr(gfk.model, "owner_models", None)
    if declared is None:
        return None
    return tuple(m if isinstance(m, type) else apps.get_model(m) for m in split_names(declared))


def our_models() -> tuple[type[models.Model], ...]:
    """Every concrete model inheriting our ``Model`` (derived ones included)."""
    from lino_core_model.models import Model

    return tuple(m for m in apps.get_models() if issubclass(m, Model) and not m._meta.proxy)


def owner_models(gfk: GenericForeignKey) -> tuple[type[models.Model], ...]:
    """The models whose rows ``gfk`` may point to (see the module docstring)."""
    declared = declared_owner_models(gfk)
    if declared is not None:
        return declared
    return tuple(m for m in our_models() if not is_derived(m))


def may_own(gfk: GenericForeignKey, model: type[models.Model] | None) -> bool:
    """Whether ``gfk`` may be set to a row of ``model`` (a model class, None for a stale
    type): the one rule of validation, saving, the admin's choices and a duplicate."""
    if model is None or model._meta.proxy:
        return False
    owners = owner_models(gfk)
    if is_derived(model) and model not in owners:
        return False  # a listed parent does not admit a derived child
    return issubclass(model, owners)


def may_refer_to(gfk: GenericForeignKey, model: type[models.Model]) -> bool:
    """Whether a stored ``gfk`` pointing to a row of ``model`` is a reference to it (for
    delete, merge and the summaries): what :func:`may_own` admits, and the derived
    models it refuses, since such a reference may exist (see the module docstring)."""
    if model._meta.proxy:
        return False
    declared = declared_owner_models(gfk)
    return issubclass(model, our_models() if declared is None else declared)


def owner_content_types(gfk: GenericForeignKey) -> list[ContentType]:
    """The content types of the models that may own rows through ``gfk`` (the listed
    ones and their multi-table children)."""
    found = ContentType.objects.get_for_models(
        *[m for m in apps.get_models() if may_own(gfk, m)],
        for_concrete_models=gfk.for_concrete_model,
    )
    return list(found.values())


def owner_model(gfk: GenericForeignKey, instance: models.Model) -> type[models.Model] | None:
    """The model of the content type stored in ``instance``'s ``gfk`` (None if stale)."""
    ct_id = getattr(instance, instance._meta.get_field(gfk.ct_field).attname)
    try:
        ct = ContentType.objects.db_manager(instance._state.db).get_for_id(ct_id)
    except ContentType.DoesNotExist:
        return None
    return ct.model_class()


def check_owner(
    gfk: GenericForeignKey, instance: models.Model, lock: bool = False, using: str | None = None
) -> None:
    """Raise ``ValidationError`` unless ``instance``'s ``gfk`` is empty or names an
    existing row of an owner model; with ``lock``, keep that row until commit."""
    meta = instance._meta
    ct_field, id_field = meta.get_field(gfk.ct_field), meta.get_field(gfk.fk_field)
    ct_id, pk = getattr(instance, ct_field.attname), getattr(instance, id_field.attname)
    if ct_id is None or pk is None:
        return
    model = owner_model(gfk, instance)
    if not may_own(gfk, model):
        raise ValidationError(
            {
                ct_field.name: _(
                    "Select a valid choice. That type is not one of the available choices."
                )
            }
        )
    try:
        key = model._meta.pk.to_python(pk)
        id_field.run_validators(pk)  # e.g. out of range: no query with it
    except ValidationError:
        key = None
    mode = SHARE if lock and LOCK_OWNERS else None
    if key is None or key not in lock_rows(
        model, [key], mode=mode, using=using or instance._state.db
    ):
        raise ValidationError(
            {
                id_field.name: _("%(model)s #%(pk)s no longer exists.")
                % {"model": model._meta.verbose_name, "pk": pk}
            }
        )


def gfks_of(model: type[models.Model]) -> list[GenericForeignKey]:
    """The GFKs of ``model``."""
    return [f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)]


def written_gfks(instance: models.Model, update_fields: Any) -> list[GenericForeignKey]:
    """The GFKs of ``instance`` that a save with ``update_fields`` writes."""
    names = None if update_fields is None else set(update_fields)
    return [
        gfk
        for gfk in gfks_of(type(instance))
        if names is None or {gfk.ct_field, gfk.fk_field, gfk.name} & names
    ]
