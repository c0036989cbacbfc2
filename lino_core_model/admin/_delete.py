"""Delete in the admin: a veto is an error message, a cascade is counted, not listed.

A protected row never reaches Django's page of protected objects: the delete
page and the "delete selected" action redirect with the veto message. Every
admin delete reads one :class:`~lino_core_model.deletion.DeletePlan`
per request: the confirmation page shows its veto (checked once) or its counts
per model and its nested view (one query, no row of the cascade loaded); the
confirmed POST asks nothing before the plan's ``execute()``, which checks once,
under the lock.
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
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lino_core_model.deletion import DeletePlan, veto_from_protected
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.inheritance import mti_descendants

__all__: list[str] = []

#: The request attributes of an admin delete: its plan, and whether the POST confirms it.
PLAN, CONFIRMED = "_lino_delete_plan", "_lino_delete_confirmed"


def request_plan(request: Any, objs: Any, model: type[models.Model]) -> DeletePlan:
    """The plan of deleting ``objs`` (a queryset, or a list of rows) in this request,
    made once: the delete view, Django's ``get_deleted_objects`` and the delete
    itself read the same plan."""
    plan = getattr(request, PLAN, None)
    if plan is None or not plans_rows(plan, objs):
        plan = new_plan(objs, model)
        setattr(request, PLAN, plan)
    return plan


def new_plan(objs: Any, model: type[models.Model]) -> DeletePlan:
    if isinstance(objs, models.QuerySet):
        return DeletePlan(objs)
    rows = list(objs)
    if len(rows) == 1:
        return DeletePlan.for_row(rows[0])
    return DeletePlan(model._base_manager.filter(pk__in=[o.pk for o in rows]))


def plans_rows(plan: DeletePlan, objs: Any) -> bool:
    """Whether ``plan`` deletes ``objs`` (the same queryset, or the same one row)."""
    if isinstance(objs, models.QuerySet):
        return plan.given is objs
    rows = list(objs)
    return (
        plan.row is not None and len(rows) == 1
        and type(rows[0]) is type(plan.row) and rows[0].pk == plan.row.pk
    )


def veto_message(exc: ProtectedError | RestrictedError) -> str:
    """The message of a veto raised while deleting (ours, or Django's protected foreign key)."""
    return str(exc) if isinstance(exc, DeleteVetoed) else veto_from_protected(exc)


#: The refused rows a message names.
MAX_NAMED = 10


def refused_rows(modeladmin: Any, request: Any, queryset: models.QuerySet) -> list[models.Model]:
    """The rows of ``queryset`` that the user may not delete (the row's own permission)."""
    may_delete = modeladmin.has_delete_permission
    return [obj for obj in queryset.iterator() if not may_delete(request, obj)]


def delete_selected(modeladmin: Any, request: Any, queryset: models.QuerySet) -> Any:
    """Django's "delete selected", refused with a message when the user may not delete
    a selected row (its own permission) or a row is protected (the veto message).

    The confirmation page asks the plan's veto; the confirmed POST goes straight
    to the delete, which checks under the lock."""
    refused = refused_rows(modeladmin, request, queryset)
    if refused:
        names = [str(obj) for obj in refused[:MAX_NAMED]] + ["…"][: len(refused) > MAX_NAMED]
        modeladmin.message_user(request, _("You may not delete %(rows)s.") % {
            "rows": ", ".join(names)}, messages.ERROR)
        return None
    confirmed = bool(request.POST.get("post"))  # as Django's action decides
    setattr(request, CONFIRMED, confirmed)
    plan = request_plan(request, queryset, queryset.model)
    msg = None if confirmed else plan.veto
    if not msg:
        try:  # the deletion log is undone with a veto found while deleting
            with transaction.atomic(using=queryset.db):
                return django_delete_selected(modeladmin, request, queryset)
        except (ProtectedError, RestrictedError) as exc:  # our DeleteVetoed included
            msg = veto_message(exc)
    modeladmin.message_user(request, msg, messages.ERROR)
    return None


delete_selected.allowed_permissions = ("delete",)
delete_selected.short_description = django_delete_selected.short_description


def nested_counts(plan: DeletePlan) -> list:
    """The plan's nested view as the admin lists it: ``["Contact persons: 3", [...]]``."""

    def entries(nodes: list) -> list:
        found: list = []
        for unit, count, children in nodes:
            meta = unit.model._meta
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            found.append(f"{capfirst(name)}: {count}")
            if children:
                found.append(entries(children))
        return found

    return entries(plan.nested())


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
        confirmed = bool(request.POST)  # as Django's delete view decides
        setattr(request, CONFIRMED, confirmed)
        msg = None
        if obj is not None and not confirmed:
            msg = request_plan(request, [obj], self.model).veto
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
        """The rows themselves with the plan's nested view, the counts per model,
        missing permissions, the veto (not on the confirmed POST: the delete checks)."""
        plan = request_plan(request, objs, self.model)
        if isinstance(objs, models.QuerySet):
            total, shown = objs.count(), list(objs[:100])
        else:
            shown = list(objs)
            total = len(shown)
        counts = {self.model: total, **plan.counts(cascade_only=True)}
        model_count = {m._meta.verbose_name_plural: n for m, n in counts.items()}
        perms_needed = missing_delete_permissions(self, request, counts)
        nested = nested_counts(plan)
        deleted = [str(o) for o in shown] + ([nested] if nested else [])
        if not getattr(request, CONFIRMED, False):
            return deleted, model_count, perms_needed, [plan.veto] if plan.veto else []
        if perms_needed:  # Django refuses next: the veto, if any, is the better answer
            plan.lock_and_check()  # in the view's transaction; DeleteVetoed: a message
        return deleted, model_count, perms_needed, []

    def delete_model(self, request: Any, obj: models.Model) -> None:
        """Delete ``obj`` by this request's plan (checked once, under the lock)."""
        plan = request_plan(request, [obj], self.model)
        if plan.row is not obj:
            plan.row = obj  # Django's delete view read the row anew: delete that instance
        plan.execute(_next_delete(obj))

    def delete_queryset(self, request: Any, queryset: models.QuerySet) -> None:
        """Delete the selected rows by this request's plan (checked once, under the lock)."""
        request_plan(request, queryset, queryset.model).execute()


def _next_delete(obj: models.Model) -> Any:
    """What ``obj.delete()`` calls after ours (Lino's delete on a Lino site), or None."""
    from lino_core_model.models import Model

    if not isinstance(obj, Model):
        return None
    next_delete = super(Model, obj).delete
    if getattr(next_delete, "__func__", None) is models.Model.delete:
        return None
    return lambda: next_delete()
