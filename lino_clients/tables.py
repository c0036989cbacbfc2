"""The tables of client contacts, their types and the partners having a type."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from etgen.html import E

from lino_core_model.fields import displayfield
from lino_core_model.inheritance import mti_children
from lino_core_model.tables import Table

from .conf import app_settings

__all__ = [
    "ClientContactTypes",
    "ClientContacts",
    "ClientContactsByCompany",
    "ClientContactsByPerson",
    "ClientContactsByType",
    "ContactsByClient",
    "PartnersByClientContactType",
]


class ClientContactTypes(Table):
    model = "clients.ClientContactType"
    column_names = "id name known_contact_type"
    order_by = "id"


class ClientContacts(Table):
    model = "clients.ClientContact"
    column_names = "client type company contact_person remark"


class ContactsByClient(Table):
    model = "clients.ClientContact"
    master_key = "client"
    column_names = "type company contact_person remark"
    label = _("Contacts")


class ClientContactsByType(Table):
    model = "clients.ClientContact"
    master_key = "type"
    column_names = "company contact_person client remark"
    order_by = "client id"  # the client model's ordering, then creation order
    label = _("Contacts")


class ClientContactsByCompany(Table):
    """Client contacts using this as organization."""

    model = "clients.ClientContact"
    master_key = "company"
    column_names = "client contact_person remark"
    order_by = "client id"
    label = _("Client Contacts")


class ClientContactsByPerson(Table):
    """Client contacts using this person as contact person."""

    model = "clients.ClientContact"
    master_key = "contact_person"
    column_names = "company client remark"
    order_by = "client id"
    label = _("Client Contacts")


class PartnersByClientContactType(Table):
    """The partners available as client contacts of a type (the partner model's order)."""

    master_key = "client_contact_type"
    column_names = "name id mti_navigator"

    @classmethod
    def get_model(cls) -> type[models.Model]:
        return apps.get_model(app_settings.PARTNER_MODEL)

    @displayfield(_("See as"))
    def mti_navigator(cls, obj: models.Model, ar: Any) -> Any:
        return mti_navigator(obj)


def mti_navigator(obj: models.Model) -> Any:
    """The form ``obj`` is shown as (bold), then the forms it can still take.

    The forms are the direct multi-table-inheritance children of the root of
    ``obj``'s family (Person, Organization, Household for a partner).
    """
    root = type(obj)._meta.concrete_model
    while root._meta.parents:
        root = next(iter(root._meta.parents))
    others = [
        m for m in mti_children(root)
        if m is not type(obj) and not m._default_manager.filter(pk=obj.pk).exists()
    ]
    tail = "".join(", " + force_str(m._meta.verbose_name) for m in others)
    return E.span(E.b(force_str(type(obj)._meta.verbose_name)), tail)
