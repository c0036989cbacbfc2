"""Admin pages of coachings, types and endings.

A coaching is read-only for a user who is neither its coach nor coachings
staff; the acting user is not notified of the coach they assign themselves.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from lino_core_model.admin import ModelAdmin

from .models import Coaching, CoachingEnding, CoachingType


class CoachingPermissions:
    """Change and delete only for the coach or coachings staff."""

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_edit(request.user))

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_edit(request.user))


@admin.register(Coaching)
class CoachingAdmin(CoachingPermissions, ModelAdmin):
    list_display = ["client", "start_date", "end_date", "user", "primary", "type", "ending"]
    list_filter = ["primary", "type", "ending"]
    list_select_related = ["client", "user", "type", "ending"]

    def save_model(self, request: Any, obj: Coaching, form: Any, change: bool) -> None:
        obj.acting_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(CoachingType)
class CoachingTypeAdmin(ModelAdmin):
    list_display = ["name", "does_integ", "does_gss"]


@admin.register(CoachingEnding)
class CoachingEndingAdmin(ModelAdmin):
    list_display = ["seqno", "name", "type"]
