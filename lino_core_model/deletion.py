"""The delete policy: PROTECT unless listed in ``allow_cascaded_delete``, and the vetoes.

Foreign keys declared on our models with ``on_delete=CASCADE`` become
``PROTECT`` when the class is prepared (so migrations and the admin see the
rule), unless their name is in the model's ``allow_cascaded_delete``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import ngettext

from .exceptions import DeleteVetoed
from .references import PROTECT, cascaded_delete_names, references_to


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
        referencing = ref.rows_to_any(qs)
        if referencing.exists():
            target_attname = ref.field.target_field.attname
            value = referencing.values_list(ref.field.attname, flat=True)[:1]
            first = qs.filter(**{f"{target_attname}__in": value}).first()
            if first is not None:
                return first.disable_delete()
    return None


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
    raise DeleteVetoed(veto_from_protected(exc), exc.args[1]) from exc
