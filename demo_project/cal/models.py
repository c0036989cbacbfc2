"""Calendar events and guest roles; the demo generates evaluation meetings from contracts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_core_model.models import Model


class GuestRole(Model):
    """The role of a guest in a calendar entry ("Colleague", "Interpreter"...)."""

    name = models.CharField(_("Designation"), max_length=200)

    class Meta:
        verbose_name = _("Guest role")
        verbose_name_plural = _("Guest roles")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Event(Model):
    """An appointment of a user with a client on a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        verbose_name=_("Responsible user"),
        related_name="events",
    )
    client = models.ForeignKey(
        "avanti.Client", models.CASCADE, verbose_name=_("Client"), related_name="events"
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        models.CASCADE,
        blank=True,
        null=True,
        verbose_name=_("Contract"),
        related_name="events",
    )
    start_date = models.DateField(_("Date"))
    summary = models.CharField(_("Short description"), max_length=200)

    allow_cascaded_delete = "client contract"

    class Meta:
        verbose_name = _("Calendar entry")
        verbose_name_plural = _("Calendar entries")
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return self.summary
