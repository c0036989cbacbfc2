"""Enforce GFK policies on rows that Django deletes one by one.

Our ``Model.delete()`` and ``QuerySet.delete()`` apply every reference's policy
set-based before Django deletes (``lino_core_model.deletion.deleting``). Rows
deleted another way (a plain Django model such as ``ContentType`` or a user,
or rows Django's collector deletes by cascade) come through this
``pre_delete`` receiver, inside Django's deleting transaction: it vetoes
(raises ``DeleteVetoed``, so nothing is deleted), cascades or clears.
Django's collector deletes without a savepoint: a caller inside an outer
transaction that wants to go on after a veto wraps the delete in ``atomic()``.
A connected ``pre_delete`` receiver turns off Django's "fast delete" (rows
are loaded before being deleted); the rows of a model whose delete went
through ``deleting`` are skipped without a query.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from lino_core_model.deletion import delete_veto_message, is_handled
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.references import PROTECT, references_to

from .references import GFKReference


def enforce_gfk_policies(
    sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any
) -> None:
    """The ``pre_delete`` receiver (connected in ``GfksConfig.ready``)."""
    if is_handled(sender) or sender._meta.auto_created:
        return
    refs = [r for r in references_to(sender) if isinstance(r, GFKReference)]
    for ref in refs:
        if ref.policy == PROTECT:
            count = ref.rows(instance).using(using).count()
            if count:
                veto = getattr(instance, "delete_veto_message", None)
                msg = (veto(ref.model, count) if veto is not None
                       else delete_veto_message(instance, ref.model, count))
                raise DeleteVetoed(msg, [instance])
    targets = sender._base_manager.using(using).filter(pk=instance.pk)
    for ref in refs:
        ref.before_targets_deleted(targets)
