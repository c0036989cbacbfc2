from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _

from lino_core_model.models import Model


class User(AbstractUser, Model):
    """The demo's user: Django's user with the Lino model extension."""

    allow_merge_action = True

    class Meta(AbstractUser.Meta):
        verbose_name = _("User")
        verbose_name_plural = _("Users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username
