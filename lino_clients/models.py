"""Client contact types and client contacts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_core_model.models import Model

from .choicelists import KnownContactTypes
from .conf import app_settings
from .mixins import ClientContactBase

__all__ = ["ClientContact", "ClientContactType"]

EMPTY_MESSAGE = _("Must fill at least one field.")


class ClientContactType(Model):
    """The type or role of a client contact ("School", "Health insurance", ...)."""

    name = models.CharField(_("Designation"), max_length=200)
    known_contact_type = KnownContactTypes.field(blank=True)

    class Meta:
        verbose_name = _("Client Contact type")
        verbose_name_plural = _("Client Contact types")
        ordering = ["name", "id"]
        # Not meant to be swapped: a project's migration pointing here (a partner's
        # client_contact_type) then depends on our 0001_initial, not on our latest one.
        swappable = "LINO_CLIENTS_CONTACT_TYPE_MODEL"
        constraints = [
            # One row per known type: KnownContactType.get_object() must not be ambiguous.
            models.UniqueConstraint(
                fields=["known_contact_type"],
                condition=~models.Q(known_contact_type=""),
                name="clients_one_type_per_known_type",
                violation_error_message=_(
                    "Another client contact type is already known as this type."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClientContact(ClientContactBase):
    """A given partner has a given role (``type``) for a given client."""

    client = models.ForeignKey(
        app_settings.CLIENT_MODEL, models.PROTECT, verbose_name=_("Client"),
        related_name="client_contacts",
    )
    remark = models.TextField(_("Remarks"), blank=True)

    class Meta:
        verbose_name = _("Client Contact")
        verbose_name_plural = _("Client Contacts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(type__isnull=False) | models.Q(company__isnull=False)
                    | models.Q(contact_person__isnull=False) | ~models.Q(remark="")
                ),
                name="clients_contact_not_empty",
                violation_error_message=EMPTY_MESSAGE,
            ),
        ]
