"""Admin pages of client contact types and client contacts; an inline for the client."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models

from lino_core_model.admin import ModelAdmin, TabularInline

from .models import ClientContact, ClientContactType

__all__ = ["ClientContactAdmin", "ClientContactInline", "ClientContactTypeAdmin"]


class ClientContactInline(TabularInline):
    """Add it to the ``ModelAdmin`` of the client model."""

    model = ClientContact
    fk_name = "client"
    extra = 0
    fields = ["type", "company", "contact_person", "contact_role", "remark"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})},
    }


@admin.register(ClientContactType)
class ClientContactTypeAdmin(ModelAdmin):
    list_display = ["id", "name", "known_contact_type"]
    search_fields = ["name"]


@admin.register(ClientContact)
class ClientContactAdmin(ModelAdmin):
    list_display = ["id", "client", "type", "company", "contact_person"]
    list_filter = ["type"]
