"""The "Merge" admin action: choose a target, read the dry run, confirm, merge.

Select the row to merge away (and, optionally, the row to keep). The action
shows a confirmation page: a target chooser, then the plan
(``MergePlan.as_text()`` and its moves); only the confirmed POST merges.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..exceptions import MergeError
from ..merge import Merge, MergePlan
from ..requests import ActionRequest
from .delete import check_children_delete_permission

merge_action = Merge()


def _target(model: type, value: str | None) -> Any:
    if not value or not value.strip().isdigit():
        return None
    return model._default_manager.filter(pk=int(value)).first()


@admin.action(description=_lazy("Merge selected %(verbose_name_plural)s"),
              permissions=["delete"])  # the merged row is deleted
def merge_selected(modeladmin: Any, request: Any, queryset: QuerySet) -> Any:
    """The confirmation page (target chooser and dry run), or the merge once confirmed."""
    rows = list(queryset[:3])
    if len(rows) > 2:
        modeladmin.message_user(
            request, _("Select the row to merge (and the row to keep), not more."),
            messages.ERROR)
        return None
    ar = ActionRequest(request=request)
    source = _target(queryset.model, request.POST.get("source")) or rows[0]
    target = _target(queryset.model, request.POST.get("target"))
    if target is None and len(rows) == 2:
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
        if target is not None:
            plan = MergePlan(source, target)
            check_children_delete_permission(modeladmin, request, plan.source)
            if "confirm" in request.POST:
                modeladmin.message_user(request, merge_action.run_from_code(ar, source, target))
                return None
            context.update(plan_text=plan.as_text(), moves=plan.moves)
    except (MergeError, PermissionDenied) as exc:
        modeladmin.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])),
                                messages.ERROR)
        return None
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "lino_core_model/admin/merge.html", context)
