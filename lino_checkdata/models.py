"""The stored data-checker problems (Lino's ``checkdata.Message``, here ``Problem``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_gfks.mixins import Controllable


class Problem(Controllable):
    """A problem found by a data checker in its owner (the checked row)."""

    checker = models.CharField(_("Checker"), max_length=200, db_index=True)
    message = models.CharField(_("Message"), max_length=2000)
    fixable = models.BooleanField(_("Fixable"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("Responsible"),
        blank=True,
        null=True,
        related_name="+",
    )

    allow_cascaded_delete = "owner"

    class Meta(Controllable.Meta):
        verbose_name = _("Data problem message")
        verbose_name_plural = _("Data problem messages")
        ordering = ["owner_type", "owner_id", "checker", "id"]

    def __str__(self) -> str:
        return self.message


Problem.update_controller_field(blank=False, null=False)

__all__ = ["Problem"]
