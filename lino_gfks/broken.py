"""Broken GFKs: rows whose GFK names a missing row or a content type without model.

Set-based: for each GFK, one query finds the content types it uses, then one
anti-join per (pointing model, content type) pair finds the broken rows.
The number of queries does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from lino_core_model.options import lino_options

from ._references import INTEGER_FIELDS, all_gfks, is_nullable

__all__ = [
    "BrokenGFK",
    "BrokenGroup",
    "CLEAR",
    "DELETE",
    "MANUAL",
    "broken_gfks",
    "repair_broken_gfks",
]

#: What :func:`repair_broken_gfks` does with a broken row: deletes it (a cascaded GFK),
DELETE = "delete"
#: clears its GFK (a nullable GFK)
CLEAR = "clear"
#: or leaves it for a person to repair.
MANUAL = "manual"


@dataclass(frozen=True)
class BrokenGroup:
    """The broken rows of one GFK pointing to one content type."""

    gfk: GenericForeignKey
    content_type_id: int
    target: type[models.Model] | None  # None: the content type has no model
    rows: QuerySet

    @property
    def todo(self) -> str:
        """``delete`` (cascaded GFK), ``clear`` (nullable GFK) or ``manual``."""
        if self.gfk.name in lino_options(self.gfk.model).cascaded_delete:
            return DELETE
        return CLEAR if is_nullable(self.gfk) else MANUAL

    def message(self, obj: models.Model) -> str:
        gfk = self.gfk
        if self.target is None:
            return _("Content type %(ct)s in `%(field)s` has no model") % {
                "ct": self.content_type_id, "field": gfk.ct_field}
        return _("Invalid primary key %(pk)s for %(model)s in `%(field)s`") % {
            "pk": getattr(obj, gfk.fk_field), "model": self.target._meta.label,
            "field": gfk.fk_field}


@dataclass(frozen=True)
class BrokenGFK:
    """One row with a broken GFK (a row of the ``BrokenGFKs`` table)."""

    obj: models.Model
    group: BrokenGroup

    @property
    def message(self) -> str:
        return self.group.message(self.obj)

    @property
    def todo(self) -> str:
        return self.group.todo


def missing_target_filter(gfk: GenericForeignKey, target: type[models.Model]) -> Exists:
    """``EXISTS`` of the target row of the outer row's GFK (negate it for the anti-join)."""
    id_field = gfk.model._meta.get_field(gfk.fk_field)
    if isinstance(id_field, INTEGER_FIELDS):
        targets = target._base_manager.filter(pk=OuterRef(gfk.fk_field))
    else:
        targets = target._base_manager.annotate(
            _gfk_id=Cast("pk", id_field)).filter(_gfk_id=OuterRef(gfk.fk_field))
    return Exists(targets)


def broken_groups(gfks: tuple[GenericForeignKey, ...] | None = None) -> Iterator[BrokenGroup]:
    """One :class:`BrokenGroup` per (GFK, used content type) pair (the rows are lazy)."""
    for gfk in all_gfks() if gfks is None else gfks:
        ct_attname = gfk.model._meta.get_field(gfk.ct_field).attname
        rows = gfk.model._base_manager.exclude(**{f"{ct_attname}__isnull": True})
        used = rows.order_by().values_list(ct_attname, flat=True).distinct()
        known = ContentType.objects.in_bulk(list(used))
        for ct_id in sorted(used):
            ct = known.get(ct_id)
            target = ct.model_class() if ct is not None else None
            group_rows = rows.filter(**{ct_attname: ct_id}).order_by("pk")
            if target is not None:
                group_rows = group_rows.filter(~missing_target_filter(gfk, target))
            yield BrokenGroup(gfk, ct_id, target, group_rows)


def broken_gfks() -> Iterator[BrokenGFK]:
    """Every row with a broken GFK, by pointing model and content type."""
    for group in broken_groups():
        for obj in group.rows:
            yield BrokenGFK(obj, group)


def repair_broken_gfks() -> dict[str, int]:
    """Delete or clear (by the pointing model's policy) every broken GFK; atomic.

    Returns the number of rows per action; ``manual`` rows stay as they are.
    A vetoed delete rolls everything back (``DeleteVetoed`` propagates).
    """
    done = {DELETE: 0, CLEAR: 0, MANUAL: 0}
    with transaction.atomic():
        for group in list(broken_groups()):
            todo = group.todo
            gfk = group.gfk
            if todo == DELETE:
                pks = list(group.rows.values_list("pk", flat=True))
                manager: Any = gfk.model._default_manager
                manager.filter(pk__in=pks).delete()
                done[DELETE] += len(pks)
            elif todo == CLEAR:
                ct_attname = gfk.model._meta.get_field(gfk.ct_field).attname
                done[CLEAR] += group.rows.update(**{ct_attname: None, gfk.fk_field: None})
            else:
                done[MANUAL] += group.rows.count()
    return done
