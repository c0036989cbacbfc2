"""A plain Django model (not our ``Model``) with Django's own ``GenericForeignKey``.

It shows that ``lino_gfks`` also protects, cascades and merges the links of
models that know nothing of the lino-apps.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveIntegerField()
    content_object = GenericForeignKey()
    name = models.CharField(_("Name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name or f"tag #{self.pk}"
