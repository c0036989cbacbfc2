"""The "Merge" admin action: choose a target, read the dry run, confirm, merge.

Select the row to merge away (and, optionally, the row to keep). The action
shows a confirmation page: a target chooser, then the plan
(``MergePlan.as_text()`` and every row it moves, deletes or recomputes), a
"delete instead of moving" checkbox per reference whose rows cascade-delete
with the merged row, the rows whose move would break a unique constraint with
the choice to delete them (offered to a user who may delete them) or to stop,
and a reason; only the confirmed POST merges.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lino_core_model._requests import ActionRequest
from lino_core_model.actions import Merge
from lino_core_model.exceptions import MergeError
from lino_core_model.merge import REASON_MAX_LENGTH, MergePlan, may_delete

from ._delete import check_children_delete_permission
from ._panels import may_view_model
from ._permissions import may_change_row

__all__: list[str] = []

merge_action = Merge()


def _pk(model: type[models.Model], value: str) -> Any:
    """``value`` as a primary key of ``model``, or None when it cannot be one."""
    try:
        return model._meta.pk.to_python(value)
    except ValidationError:
        return None


def _source(rows: list[models.Model], value: str) -> models.Model | None:
    """The selected row with id ``value`` (default: the first one), or None."""
    if not value:
        return rows[0]
    pk = _pk(type(rows[0]), value)
    return next((row for row in rows if row.pk == pk), None)


def _target(modeladmin: Any, request: Any, value: str) -> models.Model | None:
    """The row with id ``value`` if the user may view it, else None."""
    pk = _pk(modeladmin.model, value)
    return None if pk is None else modeladmin.get_queryset(request).filter(pk=pk).first()


def check_row_permissions(modeladmin: Any, request: Any, source: models.Model,
                          target: models.Model | None) -> None:
    """``PermissionDenied`` unless the user may delete ``source`` (it goes) and the row
    ``target`` allows its change (it gets the rows of ``source``; Django's change
    permission is not needed: merging needs the delete permission)."""
    if not modeladmin.has_delete_permission(request, source):
        raise PermissionDenied(_("You may not delete %(obj)s.") % {"obj": source})
    if target is not None and not may_change_row(ActionRequest(request=request), target):
        raise PermissionDenied(_("You may not change %(obj)s.") % {"obj": target})


@admin.action(description=_lazy("Merge selected %(verbose_name_plural)s"),
              permissions=["merge"])  # has_merge_permission: delete and Expert
def merge_selected(modeladmin: Any, request: Any, queryset: QuerySet) -> Any:
    """The confirmation page (target chooser and dry run), or the merge once confirmed.

    The row merged away is one of the selected rows; the row to keep is the other
    selected row or, given by its id, any row the user may view.
    """
    rows = list(queryset[:3])
    if not rows or len(rows) > 2:
        modeladmin.message_user(
            request, _("Select the row to merge (and the row to keep), not more."),
            messages.ERROR)
        return None
    ar = ActionRequest(request=request)
    source = _source(rows, request.POST.get("source", "").strip())
    if source is None:
        modeladmin.message_user(
            request, _("The row to merge must be one of the selected rows."), messages.ERROR)
        return None
    target = None
    target_id = request.POST.get("target", "").strip()
    if target_id:
        target = _target(modeladmin, request, target_id)
        if target is None:
            modeladmin.message_user(
                request, _("There is no %(model)s with id %(id)s.")
                % {"model": modeladmin.opts.verbose_name, "id": target_id}, messages.ERROR)
    elif len(rows) == 2:
        target = rows[1] if source.pk == rows[0].pk else rows[0]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge %(obj)s") % {"obj": source},
        "opts": modeladmin.opts,
        "source": source,
        "target": target,
        "rows": rows,
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    try:
        if not merge_action.get_action_permission(ar, source):
            raise PermissionDenied(_("You have no permission to merge."))
        check_row_permissions(modeladmin, request, source, target)
        if target is not None:
            choices = {"delete": request.POST.getlist("delete"),
                       "reason": request.POST.get("reason", ""),
                       "delete_conflicts": request.POST.get("delete_conflicts") == "yes"}
            plan = MergePlan(source, target, **choices)
            check_children_delete_permission(modeladmin, request, plan.source)
            stopped = plan.stops_on_conflicts
            if "confirm" in request.POST and stopped:
                modeladmin.message_user(request, _(
                    "Some rows would repeat those of %(target)s: choose to delete them, "
                    "or stop.") % {"target": target}, messages.ERROR)
            elif "confirm" in request.POST:
                modeladmin.message_user(
                    request, merge_action.run_from_code(ar, source, target, **choices))
                return None
            context.update(_plan_context(modeladmin, request, plan))
    except (MergeError, PermissionDenied) as exc:
        modeladmin.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])),
                                messages.ERROR)
        return None
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "lino_core_model/admin/merge.html", context)


def _plan_context(modeladmin: Any, request: Any, plan: MergePlan) -> dict:
    """The dry run for the page: its text, its rows (those of a model the user may not
    view stay a count), the volatiles and the unique conflicts the user may delete."""
    site = modeladmin.admin_site
    named = [
        (step, rows if may_view_model(request, site, step.reference.shown_model) else [])
        for step, rows in plan.named_steps()
    ]
    conflicts = plan.conflicts
    return {
        "plan_text": plan.as_text(),
        "named_steps": named,
        "volatiles": [(step, deleted) for step, deleted in plan.volatiles()
                      if may_delete(request.user, step.reference.model)],
        "conflicts": conflicts,
        "may_delete_conflicts": all(
            may_delete(request.user, step.reference.model) for step in conflicts),
        "delete_conflicts": plan.delete_conflicts,
        "reason": plan.reason,
        "reason_max_length": REASON_MAX_LENGTH,
    }
