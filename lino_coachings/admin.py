"""Admin pages of coachings, types and endings.

A coaching is read-only for a user who is neither its coach nor coachings
staff (its ``get_row_permission``, which our ``ModelAdmin`` asks); the acting
user is not notified of the coach they assign themselves.
The form validates as the requesting user (``Coaching.check_acting_user``):
no coaching for another coach, no primary flag taken from a coaching they may
not edit, unless they are coachings staff.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from lino_core_model.admin import ModelAdmin

from .models import Coaching, CoachingEnding, CoachingType

__all__ = ["CoachingAdmin", "CoachingEndingAdmin", "CoachingTypeAdmin"]


class CoachingForm(forms.ModelForm):
    """Validates the coaching as saved by ``acting_user`` (set per request)."""

    acting_user: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.acting_user = self.acting_user


@admin.register(Coaching)
class CoachingAdmin(ModelAdmin):
    form = CoachingForm
    list_display = ["client", "start_date", "end_date", "user", "primary", "type", "ending"]
    list_filter = ["primary", "type", "ending"]
    list_select_related = ["client", "user", "type", "ending"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user  # a new class per call: no leak between requests
        return form

    def get_changelist_form(self, request: Any, **kwargs: Any):
        """The forms of a ``list_editable`` changelist validate as the user too (Django
        builds them on ``ModelForm``, not on ``self.form``)."""
        form = super().get_changelist_form(request, **{"form": self.form, **kwargs})
        form.acting_user = request.user  # a new class per call, as in get_form
        return form

    def save_model(self, request: Any, obj: Coaching, form: Any, change: bool) -> None:
        obj.acting_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(CoachingType)
class CoachingTypeAdmin(ModelAdmin):
    list_display = ["name", "does_integ", "does_gss"]


@admin.register(CoachingEnding)
class CoachingEndingAdmin(ModelAdmin):
    list_display = ["seqno", "name", "type"]
