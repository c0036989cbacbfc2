"""Client states, observable client events and known contact types."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, MultipleObjectsReturned
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lino_core_model.choicelists import Choice, ChoiceList, displayfield
from lino_core_model.utils import installed_model
from lino_core_model.workflows import Workflow

from .conf import app_settings


class ClientStates(Workflow):
    """The states of a client; an application may replace (``clear()``) or extend them."""

    verbose_name = _("Client state")
    verbose_name_plural = _("Client states")
    default_value = "newcomer"


ClientStates.add_item("10", _("Newcomer"), "newcomer")
ClientStates.add_item("20", _("Refused"), "refused")
ClientStates.add_item("30", _("Coached"), "coached")
ClientStates.add_item("50", _("Former"), "former")


class ObservedEvent(Choice):
    """An event that may happen to a client during a period."""

    def add_filter(
        self, qs: models.QuerySet, start_date: datetime.date | None,
        end_date: datetime.date | None,
    ) -> models.QuerySet:
        """``qs`` reduced to the clients for which this event happened in the period."""
        raise NotImplementedError

    def check_model(self, model: type[models.Model]) -> list[checks.CheckMessage]:
        """Errors when ``model`` (the client model) lacks what this event needs."""
        return []


def period_q(field: models.Field, start: datetime.date | None,
             end: datetime.date | None, prefix: str = "") -> models.Q:
    """``field`` within ``start``..``end``, both days included (either may be None).

    A datetime matches on the end date until midnight (the start of the next day).
    """
    name = prefix + field.name
    q = models.Q()
    if isinstance(field, models.DateTimeField):
        if start is not None:
            q &= models.Q(**{f"{name}__gte": _midnight(start)})
        if end is not None:
            q &= models.Q(**{f"{name}__lt": _midnight(end + datetime.timedelta(days=1))})
        return q
    if start is not None:
        q &= models.Q(**{f"{name}__gte": start})
    if end is not None:
        q &= models.Q(**{f"{name}__lte": end})
    return q


def _midnight(day: datetime.date) -> datetime.datetime:
    value = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(value) if settings.USE_TZ else value


class FieldEvent(ObservedEvent):
    """The client's own date or timestamp field ``field_name`` is in the period."""

    field_name: str = ""

    def add_filter(self, qs, start_date, end_date):
        field = qs.model._meta.get_field(self.field_name)
        return qs.filter(period_q(field, start_date, end_date))

    def check_model(self, model):
        try:
            field = model._meta.get_field(self.field_name)
        except FieldDoesNotExist:
            field = None
        if isinstance(field, models.DateField):  # DateTimeField is a DateField
            return []
        return [checks.Error(
            f"The client event {self.name!r} needs a date or datetime field "
            f"{self.field_name!r} on {model._meta.label}.",
            hint="Add the field or remove the event (ClientEvents.remove_item()).",
            obj=model, id="lino_clients.E002",
        )]


class NoteEvent(ObservedEvent):
    """The client has a note dated in the period (``LINO_CLIENTS_NOTE_*`` settings)."""

    def add_filter(self, qs, start_date, end_date):
        note_model = apps.get_model(app_settings.NOTE_MODEL)
        date_field = note_model._meta.get_field(app_settings.NOTE_DATE_FIELD)
        notes = note_model._default_manager.filter(period_q(date_field, start_date, end_date))
        return qs.filter(pk__in=notes.values(app_settings.NOTE_CLIENT_FIELD))

    def check_model(self, model):
        problem = _note_problem(model)
        if problem is None:
            return []
        return [checks.Error(
            f"The client event 'note' needs {problem}.",
            hint="Set LINO_CLIENTS_NOTE_MODEL, LINO_CLIENTS_NOTE_CLIENT_FIELD and "
                 "LINO_CLIENTS_NOTE_DATE_FIELD, or remove the event.",
            obj=model, id="lino_clients.E003",
        )]


def _note_problem(client_model: type[models.Model]) -> str | None:
    label = app_settings.NOTE_MODEL
    note_model = installed_model(label)
    if note_model is None:
        return f"an installed note model (LINO_CLIENTS_NOTE_MODEL is {label!r})"
    fields = {f.name: f for f in note_model._meta.get_fields()}
    fk = fields.get(app_settings.NOTE_CLIENT_FIELD)
    target = getattr(fk, "related_model", None)
    if not (getattr(fk, "many_to_one", False) and isinstance(target, type)
            and issubclass(client_model, target)):
        return (f"a foreign key {app_settings.NOTE_CLIENT_FIELD!r} of {label} "
                f"to {client_model._meta.label} or its parent")
    if not isinstance(fields.get(app_settings.NOTE_DATE_FIELD), models.DateField):
        return f"a date field {app_settings.NOTE_DATE_FIELD!r} of {label}"
    return None


class ClientEvents(ChoiceList):
    """The observable client events (the ``observed_event`` table parameter)."""

    verbose_name = _("Observed event")
    verbose_name_plural = _("Observed events")
    item_class = ObservedEvent
    max_length = 50


ClientEvents.add_item_instance(FieldEvent("created", _("Created"), "created",
                                          field_name="created"))
ClientEvents.add_item_instance(FieldEvent("modified", _("Modified"), "modified",
                                          field_name="modified"))
ClientEvents.add_item_instance(NoteEvent("note", _("Note"), "note"))


class AmbiguousContactType(MultipleObjectsReturned):
    """More than one client contact type points to the same known contact type."""


class KnownContactType(Choice):
    """A named pointer to the client contact type (a database row) of this known type."""

    def get_object(self) -> Any:
        """The ``ClientContactType`` of this known type, or None (read at each call)."""
        model = apps.get_model("clients", "ClientContactType")
        rows = list(model.objects.filter(known_contact_type=self).order_by("pk")[:2])
        if len(rows) > 1:
            raise AmbiguousContactType(
                _("More than one client contact type is known as %(type)s (ids %(ids)s).")
                % {"type": self, "ids": ", ".join(str(r.pk) for r in rows)}
            )
        return rows[0] if rows else None

    def create_object(self, **kwargs: Any) -> Any:
        """A new unsaved ``ClientContactType`` named like this known type."""
        model = apps.get_model("clients", "ClientContactType")
        kwargs.setdefault("name", str(self.text))
        return model(known_contact_type=self, **kwargs)

    def get_contacts(self, client: models.Model) -> models.QuerySet:
        """The client contacts of ``client`` having this type (empty when it has no row)."""
        model = apps.get_model("clients", "ClientContact")
        db_object = self.get_object()
        if db_object is None:
            return model.objects.none()
        return model.objects.filter(client=client, type=db_object)

    def get_contact(self, client: models.Model) -> Any:
        """The one client contact of ``client`` with this type; None if none or several."""
        rows = list(self.get_contacts(client)[:2])
        return rows[0] if len(rows) == 1 else None


class KnownContactTypes(ChoiceList):
    """Client contact types the code refers to by name; an application replaces them."""

    verbose_name = _("Known contact type")
    verbose_name_plural = _("Known contact types")
    item_class = KnownContactType
    column_names = "value name text db_object"

    @displayfield(_("Client Contact type"))
    def db_object(cls, choice: KnownContactType, ar: Any) -> Any:
        return choice.get_object()


KnownContactTypes.add_item("10", _("Coach"), "coach")
KnownContactTypes.add_item("20", _("Other"), "other")

__all__ = [
    "AmbiguousContactType",
    "ClientEvents",
    "ClientStates",
    "FieldEvent",
    "KnownContactType",
    "KnownContactTypes",
    "NoteEvent",
    "ObservedEvent",
    "period_q",
]
