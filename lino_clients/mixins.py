"""Abstract models: the client base, the client contact base, the partner's contact type."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_core_model.inject import inject_field
from lino_core_model.models import Model

from .choicelists import ClientEvents, ClientStates
from .conf import app_settings


def _no_default() -> None:
    """A parameter's default: no filter (instead of the list's default state)."""
    return None


class ClientBase(Model):
    """Base of the client model (``LINO_CLIENTS_CLIENT_MODEL``): a state and the filters."""

    client_state = ClientStates.field()
    workflow_state_field = "client_state"

    class Meta:
        abstract = True

    @classmethod
    def get_parameter_fields(cls) -> dict[str, models.Field]:
        """The parameters of a table of clients (``Table.parameters``)."""
        return {
            "client_state": ClientStates.field(blank=True, default=_no_default),
            "client_contact_type": models.ForeignKey(
                "clients.ClientContactType", models.SET_NULL, blank=True, null=True,
                verbose_name=_("Client contact type"),
                help_text=_("Only clients having a contact of that type."),
            ),
            "client_contact_company": models.ForeignKey(
                app_settings.COMPANY_MODEL, models.SET_NULL, blank=True, null=True,
                verbose_name=_("Client contact organization"),
                help_text=_("Only clients having a contact with that organization."),
            ),
            "observed_event": ClientEvents.field(blank=True),
            "start_date": models.DateField(_("Period from"), blank=True, null=True),
            "end_date": models.DateField(_("until"), blank=True, null=True),
        }

    @classmethod
    def add_param_filter(
        cls,
        qs: models.QuerySet,
        client_state: Any = None,
        client_contact_type: Any = None,
        client_contact_company: Any = None,
        observed_event: Any = None,
        start_date: Any = None,
        end_date: Any = None,
        **others: Any,
    ) -> models.QuerySet:
        """``qs`` filtered by the client parameters (each ignored when empty)."""
        # The model by its label: this module is imported by lino_clients.models.
        ClientContact = apps.get_model("clients", "ClientContact")  # noqa: N806

        if client_state:
            qs = qs.filter(client_state=ClientStates.to_python(client_state))
        if client_contact_type:
            contacts = ClientContact.objects.filter(type=client_contact_type)
            qs = qs.filter(pk__in=contacts.values("client"))
        if client_contact_company:
            contacts = ClientContact.objects.filter(company=client_contact_company)
            qs = qs.filter(pk__in=contacts.values("client"))
        if observed_event:
            event = ClientEvents.to_python(observed_event)
            qs = event.add_filter(qs, start_date, end_date)
        return qs.filter(**others) if others else qs


def client_contact_type_field() -> models.ForeignKey:
    """A new ``client_contact_type`` field for the partner model."""
    return models.ForeignKey(
        "clients.ClientContactType", models.PROTECT, blank=True, null=True,
        verbose_name=_("Client contact type"),
        help_text=_("Setting this field on a partner makes this partner available "
                    "as a client contact."),
    )


class ClientContactTypeMixin(models.Model):
    """Gives the partner model its ``client_contact_type`` (the explicit alternative)."""

    client_contact_type = client_contact_type_field()

    class Meta:
        abstract = True


def inject_client_contact_type(model_spec: Any = None) -> None:
    """Inject ``client_contact_type`` into the partner model (call while models import)."""
    inject_field(model_spec or app_settings.PARTNER_MODEL, "client_contact_type",
                 client_contact_type_field())


class ClientContactBase(Model):
    """A type, an organization, a contact person and their role (``ClientContact``)."""

    type = models.ForeignKey(
        "clients.ClientContactType", models.PROTECT, blank=True, null=True,
        verbose_name=_("Client Contact type"),
    )
    company = models.ForeignKey(
        app_settings.COMPANY_MODEL, models.PROTECT, blank=True, null=True,
        verbose_name=_("Organization"), related_name="%(class)s_as_company",
    )
    contact_person = models.ForeignKey(
        app_settings.PERSON_MODEL, models.PROTECT, blank=True, null=True,
        verbose_name=_("Contact person"), related_name="%(class)s_as_person",
    )
    contact_role = models.ForeignKey(
        app_settings.ROLE_TYPE_MODEL, models.PROTECT, blank=True, null=True,
        verbose_name=_("Represented as"), related_name="%(class)s_as_role",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        for value in (self.contact_person, self.company, self.type):
            if value is not None:
                return str(value)
        return super().__str__()

__all__ = [
    "ClientBase",
    "ClientContactBase",
    "ClientContactTypeMixin",
    "client_contact_type_field",
    "inject_client_contact_type",
]
