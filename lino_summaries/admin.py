"""Admin: ``SummariesAdminMixin`` for the ``ModelAdmin`` of a master model (its actions),
``SummaryRowsAdminMixin`` for that of a summary model (its rows are read-only).

Each changelist action checks the permission of the same action elsewhere:
"Update summary data" that of the row action ``check_summaries``
(``may_run``, hence ``LinoAdminMixin`` is needed), "Check all summary data"
that of the site tool ``check_all_summaries``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lino_core_model.actions import ActionRequest
from lino_core_model.exceptions import DeleteVetoed

from .actions import check_all_summaries, master_action
from .engine import SummariesSkipped

__all__ = ["SummariesAdminMixin", "SummaryRowsAdminMixin"]


@admin.action(description=_lazy("Update summary data"), permissions=["update_summaries"])
def update_summaries(modeladmin: Any, request: Any, queryset: Any) -> None:
    """Recompute the summaries of the selected masters (none unless each may be updated)."""
    rows = list(queryset)
    refused = [o for o in rows if not modeladmin.may_run(request, master_action(type(o)), o)]
    if refused:
        modeladmin.message_user(request, _("You may not update the summary data of %(rows)s.")
                                % {"rows": ", ".join(str(o) for o in refused)}, messages.ERROR)
        return
    ar = ActionRequest(request=request)
    try:
        for obj in rows:
            try:
                modeladmin.message_user(request, master_action(type(obj)).run_from_code(ar, obj))
            except SummariesSkipped as exc:  # the others are done
                modeladmin.message_user(request, exc.message, messages.ERROR)
    except DeleteVetoed as exc:  # a row points to a summary row the update must delete
        modeladmin.message_user(request, str(exc), messages.ERROR)


@admin.action(description=_lazy("Check all summary data"), permissions=["check_summaries"])
def check_summaries(modeladmin: Any, request: Any, queryset: Any) -> None:
    """Recompute every summary of the site (staff only); the selection is ignored."""
    try:
        message = check_all_summaries.run_from_code(ActionRequest(request=request))
    except (PermissionDenied, DeleteVetoed) as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return
    except SummariesSkipped as exc:  # what it skipped; the rest is done
        modeladmin.message_user(request, exc.message, messages.ERROR)
        return
    modeladmin.message_user(request, message)


class SummariesAdminMixin:
    """Adds the two summary actions to a ``ModelAdmin`` (with ``LinoAdminMixin``)
    of a model with summaries."""

    actions = [update_summaries, check_summaries]

    def has_update_summaries_permission(self, request: Any) -> bool:
        return self.may_run(request, master_action(self.model), None)

    def has_check_summaries_permission(self, request: Any) -> bool:
        return check_all_summaries.get_action_permission(ActionRequest(request=request))


class SummaryRowsAdminMixin:
    """Mix into the ``ModelAdmin`` of a summary model: its rows are computed, so nobody
    adds or changes one by hand (superusers included); viewing them stays, deleting
    (through the delete policy) stays, and "Update summary data" on the master
    recomputes them."""

    def has_add_permission(self, request: Any, *args: Any) -> bool:  # inlines pass ``obj``
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
