from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _

from lino_coachings.mixins import CoachMixin
from lino_core_model.models import Model

from .notifications import Message  # noqa: F401  (messages to users)


class User(AbstractUser, CoachMixin, Model):
    """The demo's user: Django's user with the Lino model extension."""

    allow_merge_action = True

    class Meta(AbstractUser.Meta):
        verbose_name = _("User")
        verbose_name_plural = _("Users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username
