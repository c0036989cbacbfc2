"""The application's own models: a client on Lino's Person, and a note."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lino_xl.lib.contacts.models import Person

from lino_clients.mixins import inject_client_contact_type
from lino_coachings.mixins import Coachable, inject_coach_fields

inject_client_contact_type("contacts.Partner")
inject_coach_fields("users.User")


class Client(Coachable, Person):
    """A client: one of Lino's persons, with our client state and coachings.

    Mergeable as Lino's persons are: Lino's merge dialog runs our merge plan.
    """

    allow_merge_action = True

    created = models.DateTimeField(_("Created"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("Modified"), auto_now=True, editable=False)

    class Meta:
        app_label = "care"
        verbose_name = _("Client")
        verbose_name_plural = _("Clients")


class GuestRole(models.Model):
    """The role of a guest in a meeting (``LINO_COACHINGS_GUEST_ROLE_MODEL``)."""

    name = models.CharField(_("Designation"), max_length=200)

    class Meta:
        app_label = "care"
        verbose_name = _("Guest role")
        verbose_name_plural = _("Guest roles")

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    """What happened with a client on a date (the ``note`` client event)."""

    client = models.ForeignKey(Client, models.CASCADE, verbose_name=_("Client"))
    date = models.DateField(_("Date"))
    subject = models.CharField(_("Subject"), max_length=200)

    class Meta:
        app_label = "care"
        verbose_name = _("Note")
        verbose_name_plural = _("Notes")


class Evaluation(models.Model):
    """An evaluation meeting of a coaching: it protects the coaching, which cascades
    from its client (a veto found only while deleting the client)."""

    coaching = models.ForeignKey(
        "coachings.Coaching", models.PROTECT, verbose_name=_("Coaching")
    )
    date = models.DateField(_("Date"))

    class Meta:
        app_label = "care"
        verbose_name = _("Evaluation")
        verbose_name_plural = _("Evaluations")

    def __str__(self) -> str:
        return f"{self.coaching} on {self.date}"


from . import choicelists  # noqa: E402, F401  (the workflow)
from .ui import Clients  # noqa: E402, F401  (Lino finds its actors in models)
