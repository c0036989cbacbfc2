""""A coach has been assigned": who is told, by a signal and (optionally) by e-mail.

When a coaching is created or gets another coach, every coaching supervisor
(``coaching_supervisor``) and the new coach are told, except the user who made
the change. The signal :data:`coach_assigned` carries the recipients; a project
stores or shows the message (the demo stores ``users.Message`` rows). With
``LINO_COACHINGS_NOTIFY_BY_EMAIL`` the recipients having an e-mail address also
get a mail through Django's mail backend, after the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .conf import app_settings

__all__ = ["coach_assigned"]

#: Sent inside the saving transaction (sender = the coaching model), keywords
#: ``coaching``, ``actor`` (a user or None), ``recipients`` (a list of users)
#: and ``subject`` (a text).
coach_assigned = Signal()


def recipients(coaching: Any, actor: Any) -> list[Any]:
    """The supervisors and the coach of ``coaching``, without ``actor`` (one query)."""
    User = get_user_model()
    users = User._default_manager.filter(
        models.Q(coaching_supervisor=True) | models.Q(pk=coaching.user_id))
    if any(field.name == "is_active" for field in User._meta.fields):
        users = users.filter(is_active=True)  # Lino's user model has no such field
    if actor is not None and actor.pk is not None:
        users = users.exclude(pk=actor.pk)
    return list(users.order_by("pk"))


def subject(coaching: Any, actor: Any) -> str:
    """The text of the message."""
    values = {"actor": actor, "coach": coaching.user, "client": coaching.client}
    if actor is None:
        return _("%(coach)s has been assigned as coach of %(client)s.") % values
    return _("%(actor)s assigned %(coach)s as coach of %(client)s.") % values


def send(coaching: Any, actor: Any) -> list[Any]:
    """Tell the recipients that ``coaching`` has a new coach; returns them."""
    users = recipients(coaching, actor)
    if not users:
        return users
    text = subject(coaching, actor)
    coach_assigned.send(sender=type(coaching), coaching=coaching, actor=actor,
                        recipients=users, subject=text)
    if app_settings.NOTIFY_BY_EMAIL:
        mails = [(text, text, None, [u.email]) for u in users if getattr(u, "email", "")]
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    return users
