"""Enforce GFK policies on rows that Django deletes one by one.

Rows of our models are deleted through ``lino_core_model.deletion``, which
applies every reference's policy (GFKs included) set-based. This
``pre_delete`` receiver serves the rest, inside Django's deleting transaction:
it vetoes (raises ``DeleteVetoed``, so nothing is deleted), cascades or
clears. It is connected (:func:`receiver_senders`) for exactly the models
that need it: plain models a GFK may point to, and our models whose rows
Django's collector may delete by cascade from a plain model's rows. Every
other model keeps Django's fast delete. Django's collector deletes without a
savepoint: a caller inside an outer transaction that wants to go on after a
veto wraps the delete in ``atomic()``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from lino_core_model.deletion import delete_veto_message, is_handled, is_ours, veto_count
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.references import PROTECT, references_to

from .references import GFKReference, all_gfks, can_point_to

__all__: list[str] = []


def enforce_gfk_policies(
    sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any
) -> None:
    """The ``pre_delete`` receiver (connected in ``GfksConfig.ready``)."""
    if is_handled(sender):
        return
    refs = [r for r in references_to(sender) if isinstance(r, GFKReference)]
    for ref in refs:
        if ref.policy == PROTECT:
            count = veto_count(ref.rows(instance).using(using))
            if count:
                veto = getattr(instance, "delete_veto_message", None)
                msg = (veto(ref.model, count) if veto is not None
                       else delete_veto_message(instance, ref.model, count))
                raise DeleteVetoed(msg, [instance])
    targets = sender._base_manager.using(using).filter(pk=instance.pk)
    for ref in refs:
        ref.before_targets_deleted(targets)


def receiver_senders() -> list[type[models.Model]]:
    """The models whose deletes :func:`enforce_gfk_policies` must see (read at start-up)."""
    concrete = [m for m in apps.get_models() if not m._meta.proxy]
    targets = {m for m in concrete if any(can_point_to(gfk, m) for gfk in all_gfks())}
    reached = cascaded_from([m for m in concrete if not is_ours(m)])
    return [m for m in concrete if m in targets and (not is_ours(m) or m in reached)]


def cascaded_from(models_: list[type[models.Model]]) -> set[type[models.Model]]:
    """The models whose rows Django deletes by cascade (or parent link) with rows of ``models_``."""
    found: set[type[models.Model]] = set()
    todo = list(models_)
    while todo:
        for rel in todo.pop()._meta.related_objects:
            slave = rel.related_model._meta.concrete_model
            cascades = rel.on_delete is models.CASCADE or rel.parent_link
            if cascades and not rel.many_to_many and slave not in found:
                found.add(slave)
                todo.append(slave)
    return found
