"""Admin of the stored problems: each user sees their own, site staff all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from lino_gfks.admin import ModelAdmin

from .models import Problem
from .problems import visible_problems


@admin.register(Problem)
class ProblemAdmin(ModelAdmin):
    list_display = ["message", "checker", "owner_type", "owner_id", "user"]
    list_filter = ["checker", "owner_type", "user"]
    search_fields = ["message"]

    def get_queryset(self, request: Any) -> Any:
        return visible_problems(super().get_queryset(request), request.user)


__all__ = ["ProblemAdmin"]
