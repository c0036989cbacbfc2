"""Admin actions: mix ``SummariesAdminMixin`` into the ``ModelAdmin`` of a master model."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.requests import ActionRequest

from .actions import check_all_summaries


@admin.action(description=_("Update summary data"))
def update_summaries(modeladmin: Any, request: Any, queryset: Any) -> None:
    """Recompute the summaries of the selected masters."""
    ar = ActionRequest(request=request)
    try:
        for obj in queryset:
            modeladmin.message_user(request, obj.check_summaries.run_from_code(ar, obj))
    except (PermissionDenied, DeleteVetoed) as exc:  # a veto: a summary row is referenced
        modeladmin.message_user(request, str(exc), messages.ERROR)


@admin.action(description=_("Check all summary data"))
def check_summaries(modeladmin: Any, request: Any, queryset: Any) -> None:
    """Recompute every summary of the site (staff only); the selection is ignored."""
    try:
        message = check_all_summaries.run_from_code(ActionRequest(request=request))
    except (PermissionDenied, DeleteVetoed) as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return
    modeladmin.message_user(request, message)


class SummariesAdminMixin:
    """Adds the two summary actions to a ``ModelAdmin`` of a model with summaries."""

    actions = [update_summaries, check_summaries]
