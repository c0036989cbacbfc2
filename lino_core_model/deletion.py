"""The delete policy: PROTECT unless listed in ``allow_cascaded_delete``, and the vetoes.

Foreign keys declared on our models with ``on_delete=CASCADE`` become
``PROTECT`` when the class is prepared (so migrations and the admin see the
rule), unless their name is in the model's ``allow_cascaded_delete``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import ngettext

from .exceptions import DeleteVetoed
from .references import CASCADE, PROTECT, cascaded_delete_names, references_to
from .utils import concrete_family


def protect_foreign_keys(model: type[models.Model]) -> None:
    """Turn unlisted CASCADE foreign keys of ``model`` into PROTECT."""
    cascading = cascaded_delete_names(model)
    for field in model._meta.local_fields:
        if not field.is_relation or field.remote_field.parent_link:
            continue
        if field.remote_field.on_delete is models.CASCADE and field.name not in cascading:
            field.remote_field.on_delete = models.PROTECT


def delete_veto_message(obj: models.Model, model: type[models.Model], count: int) -> str:
    """``Cannot delete <obj> because <count> <Ys> refer to it.``"""
    meta = model._meta
    return ngettext(
        "Cannot delete %(obj)s because %(count)d %(refs)s refers to it.",
        "Cannot delete %(obj)s because %(count)d %(refs)s refer to it.",
        count,
    ) % {
        "obj": obj,
        "count": count,
        "refs": meta.verbose_name if count == 1 else meta.verbose_name_plural,
    }


def veto_for(obj: models.Model) -> str | None:
    """The message of the first protecting reference to ``obj`` that has rows, or None.

    One ``COUNT`` per protecting relation, no row loaded.
    """
    for ref in references_to(type(obj)):
        if ref.policy != PROTECT:
            continue
        count = ref.rows(obj).count()
        if count:
            return obj.delete_veto_message(ref.model, count)
    return None


def veto_for_queryset(qs: models.QuerySet) -> str | None:
    """Like :func:`veto_for` for every row of ``qs``: one ``EXISTS`` per relation."""
    model = qs.model
    for ref in references_to(model):
        if ref.policy != PROTECT:
            continue
        if ref.rows_to_any(qs).exists():
            first = ref.first_target(qs)
            if first is not None:
                return first.disable_delete()
    return None


_handled: ContextVar[frozenset] = ContextVar("lino_delete_handled", default=frozenset())


@contextmanager
def deleting(qs: models.QuerySet) -> Iterator[None]:
    """Apply every reference's own delete policy to the rows of ``qs``, then let Django delete.

    Run inside the deleting transaction. The rows Django's collector will delete
    with them by cascading foreign keys get the same treatment, set-based, after
    a veto check. While the block runs, the model families of ``qs`` and of
    those slaves count as handled (:func:`is_handled`): a ``pre_delete``
    receiver enforcing references row by row (``lino_gfks``) skips those rows.
    """
    for ref in references_to(qs.model):
        ref.before_targets_deleted(qs)
    handled = set(concrete_family(qs.model))
    for slaves in cascaded_slaves(qs) or ():
        if not hasattr(slaves.model, "disable_delete"):
            continue  # left to Django's collector and the row-by-row receivers
        msg = veto_for_queryset(slaves)
        if msg:
            raise DeleteVetoed(msg)
        for ref in references_to(slaves.model):
            ref.before_targets_deleted(slaves)
        handled.update(concrete_family(slaves.model))
    token = _handled.set(_handled.get() | frozenset(handled))
    try:
        yield
    finally:
        _handled.reset(token)


def cascaded_slaves(
    qs: models.QuerySet, seen: frozenset = frozenset()
) -> list[models.QuerySet] | None:
    """The rows Django's collector deletes with ``qs`` through cascading foreign keys.

    One lazy queryset per (nested) reference. None when a cascade leads back to
    a model already on the path, or reaches a model with MTI children (the
    collector deletes those child rows too): such rows are left to the
    row-by-row receivers.
    """
    if any(rel.parent_link for rel in qs.model._meta.related_objects):
        return None
    seen = seen | {qs.model}
    found: list[models.QuerySet] = []
    for ref in references_to(qs.model):
        if ref.policy != CASCADE or not isinstance(ref.field, models.ForeignKey):
            continue
        if ref.model in seen:
            return None
        slaves = ref.rows_to_any(qs)
        deeper = cascaded_slaves(slaves, seen)
        if deeper is None:
            return None
        found += [slaves, *deeper]
    return found


def is_handled(model: type[models.Model]) -> bool:
    """Whether rows of ``model`` are being deleted through :func:`deleting`."""
    return model in _handled.get()


def veto_from_protected(exc: ProtectedError | RestrictedError) -> str:
    """Our message for Django's error about a row deleted by cascade."""
    for row in exc.args[1]:
        for field in row._meta.concrete_fields:
            if field.is_relation and (field.many_to_one or field.one_to_one):
                target = getattr(row, field.name, None)
                if hasattr(target, "disable_delete"):
                    msg = target.disable_delete()
                    if msg:
                        return msg
    return str(exc.args[0])


def raise_vetoed(exc: ProtectedError | RestrictedError):
    if isinstance(exc, DeleteVetoed):
        raise exc  # already our message (e.g. from a pre_delete receiver)
    raise DeleteVetoed(veto_from_protected(exc), exc.args[1]) from exc
