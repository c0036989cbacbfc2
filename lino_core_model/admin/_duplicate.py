"""The "Duplicate" admin action: a copy of each selected row, with its cascaded slaves."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lino_core_model._requests import ActionRequest
from lino_core_model.exceptions import DuplicateError

__all__: list[str] = []


@admin.action(description=_("Duplicate selected %(verbose_name_plural)s"), permissions=["add"])
def duplicate_selected(modeladmin: Any, request: Any, queryset: QuerySet) -> None:
    """Run the row's ``duplicate_row`` action on every selected row; report each copy."""
    make_request = getattr(modeladmin, "action_request", None)  # our admins check the copy
    ar = ActionRequest(request=request) if make_request is None else make_request(request)
    for obj in queryset:
        try:
            msg = obj.duplicate_row.run_from_code(ar, obj)
        except (DuplicateError, PermissionDenied) as exc:
            modeladmin.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])),
                                    messages.ERROR)
        else:
            modeladmin.message_user(request, msg, messages.SUCCESS)
