"""Messages to users: the demo stores each "a coach has been assigned" message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lino_coachings.notify import coach_assigned
from lino_core_model.models import Model


class Message(Model):
    """A message to one user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             verbose_name=_("Recipient"), related_name="messages")
    created = models.DateTimeField(_("Created"), default=timezone.now, editable=False)
    subject = models.CharField(_("Subject"), max_length=250)
    seen = models.DateTimeField(_("Seen"), blank=True, null=True)

    allow_cascaded_delete = "user"

    class Meta:
        verbose_name = _("Message")
        verbose_name_plural = _("Messages")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.subject


def store_coach_assigned(sender: Any, recipients: list[Any], subject: str,
                         **kwargs: Any) -> None:
    """One message per recipient (one INSERT)."""
    Message.objects.bulk_create(Message(user=u, subject=subject) for u in recipients)


coach_assigned.connect(store_coach_assigned, dispatch_uid="users.store_coach_assigned")
