"""Notes about partners: the demo's example of a workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_gfks.mixins import Controllable

from .choicelists import NoteStates


class Note(Controllable):
    """A note about a partner, optionally attached to any other row (its ``owner``)."""

    partner = models.ForeignKey(
        "contacts.Partner", models.CASCADE, verbose_name=_("Partner"), related_name="notes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        verbose_name=_("Author"),
        blank=True,
        null=True,
    )
    date = models.DateField(_("Date"))
    subject = models.CharField(_("Subject"), max_length=200)
    body = models.TextField(_("Body"), blank=True)
    state = NoteStates.field(default="draft")

    workflow_state_field = "state"

    class Meta(Controllable.Meta):  # keeps the (owner_type, owner_id) index
        verbose_name = _("Note")
        verbose_name_plural = _("Notes")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.date})"
