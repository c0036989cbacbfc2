"""GFK fields with a label: ``GenericForeignKey`` and ``GenericForeignKeyIdField``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes import fields as ct_fields
from django.db import models


class GenericForeignKey(ct_fields.GenericForeignKey):
    """Django's GFK plus ``verbose_name``, ``help_text``, a merge opt-out and
    ``owner_models``: the models it may point to (labels or model classes; see
    ``lino_gfks.owners``)."""

    def __init__(
        self,
        ct_field: str = "content_type",
        fk_field: str = "object_id",
        for_concrete_model: bool = True,
        verbose_name: Any = None,
        help_text: Any = "",
        dont_merge: bool = False,
        owner_models: Any = None,
    ) -> None:
        super().__init__(ct_field, fk_field, for_concrete_model)
        self.verbose_name = verbose_name
        self.help_text = help_text
        self.dont_merge = dont_merge
        self.owner_models = owner_models

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        """The target row; None also when its content type has no model (Django crashes)."""
        if instance is None:
            return self
        ct_id = getattr(instance, instance._meta.get_field(self.ct_field).attname, None)
        if ct_id is not None:
            ct = self.get_content_type(id=ct_id, using=instance._state.db)
            if ct.model_class() is None:
                return None
        return super().__get__(instance, cls)


class GenericForeignKeyIdField(models.PositiveIntegerField):
    """The id field of a GFK (the admin offers its rows through ``lino_gfks.admin``).

    ``type_field`` (the name of the content type field) is mandatory for
    Lino compatibility and otherwise ignored.
    """

    def __init__(self, type_field: Any = None, *args: Any, **kwargs: Any) -> None:
        self.type_field = type_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, [self.type_field, *args], kwargs

__all__ = ["GenericForeignKey", "GenericForeignKeyIdField"]
