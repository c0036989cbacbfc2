"""The partner's client_contact_type: by the abstract mixin (the demo) or by injection."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.test.utils import isolate_apps

from demo_project.contacts.models import Partner
from lino_clients.mixins import inject_client_contact_type
from lino_clients.models import ClientContactType
from lino_core_model import inject


def test_the_demo_partner_has_the_field_from_the_mixin():
    field = Partner._meta.get_field("client_contact_type")
    assert field.related_model is ClientContactType
    assert field.null and field.blank


def test_the_demo_migrations_create_the_field():
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    assert "client_contact_type" in state.models["contacts", "partner"].fields


@isolate_apps("lino_clients")
def test_inject_client_contact_type(monkeypatch):
    monkeypatch.setattr(apps, "ready", False)
    monkeypatch.setattr(inject, "_pending", type(inject._pending)(list))

    class Thing(models.Model):
        class Meta:
            app_label = "lino_clients"

    inject_client_contact_type(Thing)
    field = Thing._meta.get_field("client_contact_type")
    assert field.remote_field.model == "clients.ClientContactType"
    assert "available as a client contact" in str(field.help_text)
