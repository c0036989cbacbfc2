"""Delete in the admin: a veto is an error message, a cascade is counted, not listed.

A protected row never reaches Django's page of protected objects: the delete
page and the "delete selected" action redirect with the veto message. The
confirmation page of an allowed delete shows the number of rows per model
that go with it, counted with one ``COUNT`` per cascading reference.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse

from ..deletion import veto_for_queryset
from ..references import CASCADE, references_to

MAX_DEPTH = 10


def cascade_counts(qs: models.QuerySet, depth: int = 0) -> dict[type[models.Model], int]:
    """``{model: number of rows}`` deleted by cascade with the rows of ``qs``."""
    counts: dict[type[models.Model], int] = {}
    if depth >= MAX_DEPTH:
        return counts
    for ref in references_to(qs.model):
        if ref.policy != CASCADE:
            continue
        rows = ref.rows_to_any(qs)
        count = rows.count()
        if not count:
            continue
        counts[ref.model] = counts.get(ref.model, 0) + count
        for model, n in cascade_counts(rows, depth + 1).items():
            counts[model] = counts.get(model, 0) + n
    return counts


def _veto(queryset: models.QuerySet) -> str | None:
    if not hasattr(queryset.model, "disable_delete"):
        return None
    return veto_for_queryset(queryset)


def delete_selected(modeladmin: Any, request: Any, queryset: models.QuerySet) -> Any:
    """Django's "delete selected", refused with the veto message when a row is protected."""
    msg = _veto(queryset)
    if msg:
        modeladmin.message_user(request, msg, messages.ERROR)
        return None
    return django_delete_selected(modeladmin, request, queryset)


delete_selected.allowed_permissions = ("delete",)
delete_selected.short_description = django_delete_selected.short_description


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
        msg = obj.disable_delete() if hasattr(obj, "disable_delete") else None
        if msg:
            self.message_user(request, msg, messages.ERROR)
            opts = self.opts
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk], current_app=self.admin_site.name,
            )
            return HttpResponseRedirect(url)
        return super().delete_view(request, object_id, extra_context)

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
        perms_needed = {
            m._meta.verbose_name
            for m in counts
            if m in self.admin_site._registry and not request.user.has_perm(
                f"{m._meta.app_label}.{get_permission_codename('delete', m._meta)}"
            )
        }
        msg = _veto(qs)
        return [str(o) for o in shown], model_count, perms_needed, [msg] if msg else []
