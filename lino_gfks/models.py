"""The model of lino_gfks: custom help texts."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_core_model.models import Model

__all__ = ["HelpText"]


class HelpText(Model):
    """A custom help text for one field of a model, shown in the admin forms."""

    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name=_("Model"))
    field = models.CharField(_("Field"), max_length=200)
    help_text = models.TextField(_("HelpText"))

    allow_cascaded_delete = "content_type"

    class Meta:
        verbose_name = _("Help Text")
        verbose_name_plural = _("Help Texts")
        ordering = ["content_type", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "field"], name="gfks_helptext_unique_field"
            )
        ]

    def __str__(self) -> str:
        ct = getattr(self, "content_type", None)  # None on a new row (AttributeError)
        return f"{ct.app_label}.{ct.model}.{self.field}" if ct is not None else self.field

    def get_model_field(self) -> Any:
        model = self.content_type.model_class() if self.content_type_id else None
        if model is None:
            return None
        try:
            return model._meta.get_field(self.field)
        except FieldDoesNotExist:
            return None

    def clean(self) -> None:
        if self.content_type_id and self.get_model_field() is None:
            raise ValidationError(
                {"field": _("%(model)s has no field %(field)r.")
                 % {"model": self.content_type, "field": self.field}}
            )
