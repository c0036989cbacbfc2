"""Admin: custom help texts shown in the forms, GFK targets chosen safely, the gfks models.

``GFKAdminMixin`` (mix into any ``ModelAdmin``) gives each form field the
custom :class:`HelpText` of its model field (one query per form, escaped: the
admin shows help texts as HTML) and makes
each GFK of the model a safe choice: the type offers only the owner models
(``lino_gfks.owners``) that this admin site registers and the user may view;
the row is found through that model admin's own search and queryset (the
``owner-autocomplete/`` view, as Django's autocomplete fields do); the form
refuses any other type or row, and so does the "Duplicate" action for the copy
(``copy_checks``: the same ``OwnerRule.refusal``; a stored owner the user could
not choose is kept by an edit, but not copied).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import escape

from lino_core_model.admin import ModelAdmin as CoreModelAdmin

from ._forms import OwnerFormMixin, OwnerRule, OwnerSelect, check_owners
from .models import HelpText
from .owners import gfks_of, owner_content_types


def custom_help_texts(model: type) -> dict[str, str]:
    """``{field name: help text}`` of the custom help texts of ``model``."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return dict(HelpText.objects.filter(content_type=ct).values_list("field", "help_text"))


class OwnerAutocompleteView(AutocompleteJsonView):
    """Rows of the chosen type, through that model admin's queryset, search and permission."""

    source_admin: Any = None

    def process_request(self, request: Any) -> tuple:
        gfk = self.source_admin.owner_gfk(request, request.GET.get("field_name"))
        model_admin = self.source_admin.owner_admins(request, gfk).get(
            _int_or_none(request.GET.get("type"))
        )
        if model_admin is None:
            raise PermissionDenied
        return request.GET.get("term", ""), model_admin, gfk, model_admin.opts.pk.attname

    def get_queryset(self) -> Any:
        qs = self.model_admin.get_queryset(self.request)
        qs, distinct = self.model_admin.get_search_results(self.request, qs, self.term)
        qs = qs.distinct() if distinct else qs
        return qs if qs.ordered else qs.order_by("pk")


class GFKAdminMixin:
    """Mix into a ``ModelAdmin``: custom help texts and safe GFK choices in its forms."""

    def get_urls(self) -> list:
        opts = self.opts
        view = self.admin_site.admin_view(
            OwnerAutocompleteView.as_view(admin_site=self.admin_site, source_admin=self)
        )
        return [
            path(
                "owner-autocomplete/",
                view,
                name=f"{opts.app_label}_{opts.model_name}_owner_autocomplete",
            ),
            *super().get_urls(),
        ]

    def owner_gfk(self, request: Any, field_name: Any) -> GenericForeignKey:
        """The GFK whose id field is ``field_name``, if the user may use this admin's forms."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        for gfk in gfks_of(self.model):
            if gfk.fk_field == field_name:
                return gfk
        raise PermissionDenied

    def owner_admins(self, request: Any, gfk: GenericForeignKey) -> dict[int, Any]:
        """``{content type id: model admin}`` of the owner models the user may view here."""
        site = self.admin_site
        admins = {
            ct.pk: site.get_model_admin(ct.model_class())
            for ct in owner_content_types(gfk)
            if site.is_registered(ct.model_class())
        }
        return {pk: a for pk, a in admins.items() if a.has_view_permission(request)}

    def copy_checks(self, request: Any) -> list:
        """A duplicate's copy gets the owner rules of this admin's form (no stored target
        is kept: the copy is a new row)."""
        checks = getattr(super(), "copy_checks", lambda request: [])(request)
        gfks = gfks_of(self.model)

        def check(copy: Any) -> None:  # the rules are read only for a duplicate
            check_owners(tuple(self._owner_rule(request, gfk) for gfk in gfks), copy)

        return [*checks, check] if gfks else checks

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        form = self.checking_owners(request, form, obj, search=True)
        for name, text in custom_help_texts(self.model).items():
            if name in form.base_fields:
                form.base_fields[name].help_text = escape(text)
        return form

    def get_changelist_formset(self, request: Any, **kwargs: Any):
        formset = super().get_changelist_formset(request, **kwargs)
        formset.form = self.checking_owners(request, formset.form, None, search=False)
        return formset

    def get_formsets_with_inlines(self, request: Any, obj: Any = None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = self.checking_owners(request, formset.form, None, search=False)
            yield formset, inline

    def checking_owners(self, request: Any, form: Any, obj: Any, search: bool) -> Any:
        """A subclass of ``form`` (its fields made anew) that refuses GFK targets the user
        may not view (the change form, ``list_editable`` and inline forms). The type
        offers the allowed types and the stored ones (of ``obj``, or of every row when
        ``obj`` is None and not ``search``); with ``search``, the id is a search box
        showing the stored row, by name only if the user may view it."""
        model = form._meta.model  # ours, or the model of an inline
        rules = tuple(
            self._owner_rule(request, gfk)
            for gfk in gfks_of(model)
            if {gfk.ct_field, gfk.fk_field} <= set(form.base_fields)
        )
        if not rules:
            return form
        form = type(form.__name__, (OwnerFormMixin, form), {"owner_rules": rules})
        meta = model._meta
        for rule in rules:
            ct_name = meta.get_field(rule.gfk.ct_field).attname
            ct_id = None if obj is None else getattr(obj, ct_name)
            stored = (
                {ct_id}
                if search
                else set(model._default_manager.values_list(ct_name, flat=True).distinct())
            )
            old = form.base_fields[rule.gfk.ct_field]
            form.base_fields[rule.gfk.ct_field] = forms.ModelChoiceField(
                ContentType.objects.filter(pk__in=(rule.allowed_types | stored) - {None}),
                required=old.required,
                label=old.label,
                help_text=old.help_text,
            )
            if search:
                id_name = meta.get_field(rule.gfk.fk_field).attname
                self._offer_owner_search(form, rule, ct_id, getattr(obj, id_name, None))
        return form

    def _owner_rule(self, request: Any, gfk: GenericForeignKey) -> OwnerRule:
        admins = self.owner_admins(request, gfk)

        def visible_row(ct_id: int, pk: Any) -> Any:
            model_admin = admins[ct_id]
            row = model_admin.get_queryset(request).filter(pk=pk).first()
            return (
                row if row is not None and model_admin.has_view_permission(request, row) else None
            )

        return OwnerRule(gfk, frozenset(admins), visible_row)

    def _offer_owner_search(self, form: Any, rule: OwnerRule, ct_id: Any, pk: Any) -> None:
        choices = [("", "---------")]
        if pk is not None:
            row = rule.visible_row(ct_id, pk) if ct_id in rule.allowed_types else None
            text = f"{ContentType.objects.get_for_id(ct_id)} #{pk}" if ct_id else str(pk)
            choices.append((pk, text if row is None else str(row)))
        opts = self.opts
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_owner_autocomplete"
        )
        form.base_fields[rule.gfk.fk_field].widget = OwnerSelect(url, rule.gfk, choices=choices)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ModelAdmin(GFKAdminMixin, CoreModelAdmin):
    """The core ``ModelAdmin`` with custom help texts and safe GFK choices."""


@admin.register(HelpText)
class HelpTextAdmin(ModelAdmin):
    list_display = ["__str__", "content_type", "field", "help_text"]
    list_filter = ["content_type"]
    search_fields = ["field", "help_text"]


class ContentTypeAdmin(admin.ModelAdmin):
    """Read-only list of the models (the target of the ``base_classes`` links).

    Not registered for you: ``ContentType`` is Django's model. A project that
    wants it in its admin registers it::

        admin.site.register(ContentType, ContentTypeAdmin)
    """

    list_display = ["id", "app_label", "model"]
    list_filter = ["app_label"]
    search_fields = ["app_label", "model"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


__all__ = ["ContentTypeAdmin", "GFKAdminMixin", "ModelAdmin"]
