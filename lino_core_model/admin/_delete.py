"""Delete in the admin: a veto is an error message, a cascade is counted, not listed.

A protected row never reaches Django's page of protected objects: the delete
page and the "delete selected" action redirect with the veto message. The
confirmation page of an allowed delete shows the number of rows per model
that go with it, counted with one ``COUNT`` per cascading reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lino_core_model.deletion import (
    cascade_veto,
    delete_units,
    handled_slaves,
    veto_for_queryset,
    veto_from_protected,
    veto_of,
)
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.inheritance import mti_descendants
from lino_core_model.references import CASCADE

__all__: list[str] = []

MAX_DEPTH = 10
MAX_NAMED = 10  # the refused rows a message names


def cascade_counts(qs: models.QuerySet, depth: int = 0) -> dict[type[models.Model], int]:
    """``{model: number of rows}`` deleted with the rows of ``qs``: their MTI children
    and the rows of cascading references (nested), one ``COUNT`` each."""
    counts: dict[type[models.Model], int] = {}
    if depth >= MAX_DEPTH:
        return counts
    for i, (rows, refs) in enumerate(delete_units(qs)):
        if i:  # an MTI child of the rows of qs
            count = rows.count()
            if not count:
                continue
            counts[rows.model] = counts.get(rows.model, 0) + count
        for ref in refs:
            if ref.policy != CASCADE:
                continue
            slaves = ref.rows_to_any(rows)
            count = slaves.count()
            if not count:
                continue
            counts[ref.model] = counts.get(ref.model, 0) + count
            for model, n in cascade_counts(slaves, depth + 1).items():
                counts[model] = counts.get(model, 0) + n
    return counts


def _veto(queryset: models.QuerySet) -> str | None:
    """The veto of deleting ``queryset`` with what cascades from it."""
    if not hasattr(queryset.model, "disable_delete"):
        return None
    return veto_for_queryset(queryset) or cascade_veto(handled_slaves(queryset))


def veto_message(exc: ProtectedError | RestrictedError) -> str:
    """The message of a veto raised while deleting (ours, or Django's protected foreign key)."""
    return str(exc) if isinstance(exc, DeleteVetoed) else veto_from_protected(exc)


def refused_rows(modeladmin: Any, request: Any, queryset: models.QuerySet) -> list[models.Model]:
    """The rows of ``queryset`` that the user may not delete (the row's own permission)."""
    may_delete = modeladmin.has_delete_permission
    return [obj for obj in queryset.iterator() if not may_delete(request, obj)]


def delete_selected(modeladmin: Any, request: Any, queryset: models.QuerySet) -> Any:
    """Django's "delete selected", refused with a message when the user may not delete
    a selected row or a row is protected (the veto message)."""
    refused = refused_rows(modeladmin, request, queryset)
    if refused:
        names = [str(obj) for obj in refused[:MAX_NAMED]] + ["…"][: len(refused) > MAX_NAMED]
        modeladmin.message_user(request, _("You may not delete %(rows)s.") % {
            "rows": ", ".join(names)}, messages.ERROR)
        return None
    msg = _veto(queryset)
    if not msg:
        try:  # the deletion log is undone with a veto found only while deleting
            with transaction.atomic(using=queryset.db):
                return django_delete_selected(modeladmin, request, queryset)
        except (ProtectedError, RestrictedError) as exc:  # our DeleteVetoed included
            msg = veto_message(exc)
    modeladmin.message_user(request, msg, messages.ERROR)
    return None


delete_selected.allowed_permissions = ("delete",)
delete_selected.short_description = django_delete_selected.short_description


def missing_delete_permissions(
    modeladmin: Any, request: Any, models_: Iterable[type[models.Model]]
) -> set[str]:
    """The names of the admin-registered ``models_`` whose rows the user may not delete."""
    return {
        m._meta.verbose_name
        for m in models_
        if m in modeladmin.admin_site._registry and not request.user.has_perm(
            f"{m._meta.app_label}.{get_permission_codename('delete', m._meta)}"
        )
    }


def check_children_delete_permission(modeladmin: Any, request: Any, row: models.Model) -> None:
    """``PermissionDenied`` unless the user may delete the MTI child rows ``row`` has
    (a merge deletes them, as the delete page would)."""
    children = [m for m, _ in mti_descendants(modeladmin.model) if isinstance(row, m)]
    missing = missing_delete_permissions(modeladmin, request, children)
    if missing:
        raise PermissionDenied(
            _("You have no permission to delete %(models)s.")
            % {"models": ", ".join(sorted(map(str, missing)))}
        )


class DeleteMixin:
    """Mix into a ``ModelAdmin`` of a model that inherits our ``Model``."""

    def get_actions(self, request: Any) -> dict:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            description = actions["delete_selected"][2]
            actions["delete_selected"] = (delete_selected, "delete_selected", description)
        return actions

    def delete_view(self, request: Any, object_id: str, extra_context: Any = None) -> Any:
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_delete_permission(request, obj):
            raise PermissionDenied  # before the veto: no word about rows one may not delete
        msg = None
        if obj is not None:
            rows = self.model._base_manager.using(obj._state.db).filter(pk=obj.pk)
            msg = veto_of(obj) or cascade_veto(handled_slaves(rows))
        if not msg:
            try:  # Django's delete_view is atomic: a veto found while deleting undoes it
                return super().delete_view(request, object_id, extra_context)
            except (ProtectedError, RestrictedError) as exc:  # our DeleteVetoed included
                msg = veto_message(exc)
        self.message_user(request, msg, messages.ERROR)
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk], current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(url)

    def get_deleted_objects(self, objs: Any, request: Any) -> tuple:
        """The rows themselves, the counts per model, missing permissions, vetoes."""
        if isinstance(objs, models.QuerySet):
            qs, total = objs, objs.count()
            shown = list(objs[:100])
        else:
            shown = list(objs)
            qs, total = self.model._base_manager.filter(pk__in=[o.pk for o in shown]), len(shown)
        counts = {self.model: total, **cascade_counts(qs)}
        model_count = {m._meta.verbose_name_plural: n for m, n in counts.items()}
        perms_needed = missing_delete_permissions(self, request, counts)
        msg = _veto(qs)
        return [str(o) for o in shown], model_count, perms_needed, [msg] if msg else []
