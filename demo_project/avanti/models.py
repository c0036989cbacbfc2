"""The avanti client: a person with a state, a responsible user and timestamps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from demo_project.contacts.models import Person
from demo_project.contracts.mixins import ContractsSummarized
from lino_coachings.mixins import Coachable

from . import choicelists  # noqa: F401  (the site's client states and known types)


class Client(Person, Coachable, ContractsSummarized):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name=_("Primary coach"),
        blank=True, null=True, related_name="avanti_clients",
    )
    created = models.DateTimeField(_("Created"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("Modified"), auto_now=True, editable=False)

    class Meta:
        verbose_name = _("Client")
        verbose_name_plural = _("Clients")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        """``LAST NAME First name (id/username)``."""
        suffix = f"{self.pk}/{self.user.username}" if self.user_id else f"{self.pk}"
        return f"{self.name} ({suffix})"
