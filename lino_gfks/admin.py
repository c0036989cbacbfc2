"""Admin: custom help texts shown in the forms, GFK id choices, and the gfks models.

``GFKAdminMixin`` (mix into any ``ModelAdmin``) gives each form field the
custom :class:`HelpText` of its model field (one query per form, escaped: the
admin shows help texts as HTML) and turns a
``GenericForeignKeyIdField`` into a choice among the rows of the selected type.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape

from lino_core_model.admin import ModelAdmin as CoreModelAdmin

from .fields import GenericForeignKeyIdField, id_choices
from .models import HelpText, Problem
from .problems import visible_problems


def custom_help_texts(model: type) -> dict[str, str]:
    """``{field name: help text}`` of the custom help texts of ``model``."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return dict(HelpText.objects.filter(content_type=ct).values_list("field", "help_text"))


class GFKAdminMixin:
    """Mix into a ``ModelAdmin``: custom help texts and GFK id choices in its forms."""

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name, text in custom_help_texts(self.model).items():
            if name in form.base_fields:
                form.base_fields[name].help_text = escape(text)
        if obj is not None:
            self._offer_gfk_choices(form, obj)
        return form

    def _offer_gfk_choices(self, form: Any, obj: Any) -> None:
        for field in obj._meta.concrete_fields:
            if not isinstance(field, GenericForeignKeyIdField):
                continue
            if field.name not in form.base_fields:
                continue
            ct_name = field.type_field
            ct_id = getattr(obj, f"{ct_name}_id", None) if isinstance(ct_name, str) else None
            if ct_id is None:
                continue
            ct = ContentType.objects.get_for_id(ct_id)
            old = form.base_fields[field.name]
            form.base_fields[field.name] = forms.TypedChoiceField(
                choices=[("", "---------"), *id_choices(ct, getattr(obj, field.attname))],
                coerce=int, empty_value=None, required=old.required,
                label=old.label, help_text=old.help_text,
            )


class ModelAdmin(GFKAdminMixin, CoreModelAdmin):
    """The core ``ModelAdmin`` with custom help texts and GFK id choices."""


@admin.register(HelpText)
class HelpTextAdmin(ModelAdmin):
    list_display = ["__str__", "content_type", "field", "help_text"]
    list_filter = ["content_type"]
    search_fields = ["field", "help_text"]


@admin.register(Problem)
class ProblemAdmin(ModelAdmin):
    list_display = ["message", "checker", "owner_type", "owner_id", "user"]
    list_filter = ["checker", "owner_type", "user"]
    search_fields = ["message"]

    def get_queryset(self, request: Any) -> Any:
        return visible_problems(super().get_queryset(request), request.user)


@admin.register(ContentType)
class ContentTypeAdmin(admin.ModelAdmin):
    """Read-only list of the models (the target of the ``base_classes`` links)."""

    list_display = ["id", "app_label", "model"]
    list_filter = ["app_label"]
    search_fields = ["app_label", "model"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
