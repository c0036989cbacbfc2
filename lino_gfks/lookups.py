"""``gfk2lookup``: the filter keywords selecting the rows whose GFK points to a row."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

__all__ = ["gfk2lookup"]


def gfk2lookup(gfk: GenericForeignKey, obj: models.Model | None, **kwargs: Any) -> dict:
    """``{'owner_type': <ContentType>, 'owner_id': 201}`` for ``obj``.

    Only the content type when ``obj``'s primary key is not an integer (such
    a row cannot be the target of an integer id field, so nothing matches)
    or when ``obj`` is unsaved; both keys ``None`` when ``obj`` is None.
    Extra ``kwargs`` are added to the result.
    """
    if obj is None:
        kwargs[gfk.ct_field] = None
        kwargs[gfk.fk_field] = None
        return kwargs
    kwargs[gfk.ct_field] = ContentType.objects.get_for_model(
        obj, for_concrete_model=gfk.for_concrete_model
    )
    if isinstance(obj.pk, int):
        kwargs[gfk.fk_field] = obj.pk
    return kwargs
