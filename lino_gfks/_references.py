"""GFKs as references: delete vetoes, cascade, clear, duplicate and merge see them.

:func:`gfk_references` is registered with
``lino_core_model.references.register_reference_provider`` in ``ready()``.
It covers every ``GenericForeignKey`` of every installed model, ours and
Django's plain ones, and the ``GenericRelation`` fields: a target model that
declares a ``GenericRelation`` to a GFK's rows admits that GFK (whatever its
owner models), and its policy is CASCADE, because Django's collector deletes
those rows with the target (the veto agrees with what Django does).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast

from lino_core_model.options import lino_options
from lino_core_model.references import CASCADE, CLEAR, PROTECT, Reference

from .owners import may_refer_to

__all__: list[str] = []

INTEGER_FIELDS = (models.IntegerField,)  # auto and positive integer fields included


def is_nullable(gfk: GenericForeignKey) -> bool:
    meta = gfk.model._meta
    return meta.get_field(gfk.ct_field).null and meta.get_field(gfk.fk_field).null


def gfk_policy(gfk: GenericForeignKey) -> str:
    """CASCADE if in ``allow_cascaded_delete``; CLEAR if in ``clear_on_delete``
    and nullable; else PROTECT."""
    options = lino_options(gfk.model)
    if gfk.name in options.cascaded_delete:
        return CASCADE
    if gfk.name in options.clear_on_delete and is_nullable(gfk):
        return CLEAR
    return PROTECT


def all_gfks() -> tuple[GenericForeignKey, ...]:
    """Every GFK of every installed concrete model, sorted by ``app.Model.name``."""
    found = [
        gfk
        for model in apps.get_models()
        if not model._meta.proxy
        for gfk in lino_options(model).gfks
    ]
    return tuple(sorted(found, key=lambda f: (f.model._meta.label, f.name)))


class GFKReference(Reference):
    """Rows of ``model`` whose GFK ``field`` points to a row of ``target``."""

    enforced_by_us = True

    def __init__(self, model, field: GenericForeignKey, target):
        super().__init__(model, field, target)
        meta = model._meta
        self.ct_attname = meta.get_field(field.ct_field).attname
        self.id_field = meta.get_field(field.fk_field)
        #: The target's ``GenericRelation`` to these rows, if it declares one.
        self.generic_relation = generic_relation(target, field)

    keyed_by_pk = True

    @property
    def policy(self) -> str:
        if self.generic_relation is not None:
            return CASCADE  # Django's collector deletes them with the target
        return gfk_policy(self.field)

    @property
    def hidden(self) -> bool:
        return False

    @property
    def moved_fields(self) -> tuple[str, ...]:
        return (self.id_field.name,)

    @property
    def constants(self) -> tuple:
        return (self.content_type.pk,)

    @property
    def points_to(self) -> type[models.Model]:
        return self.target

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.target)

    def lookup(self, obj: models.Model) -> dict:
        return {self.ct_attname: self.content_type.pk, self.id_field.attname: obj.pk}

    def rows_to_any(self, targets: QuerySet) -> QuerySet:
        ids = targets.order_by().values("pk")
        if not isinstance(self.id_field, INTEGER_FIELDS):
            ids = targets.order_by().annotate(_gfk_id=Cast("pk", self.id_field)).values("_gfk_id")
        return self.model._base_manager.filter(
            **{self.ct_attname: self.content_type.pk, f"{self.id_field.attname}__in": ids}
        )

    def pointed_to(self, targets: QuerySet) -> QuerySet:
        ids = self.rows_to_any(targets).values(self.id_field.attname)
        if isinstance(self.id_field, INTEGER_FIELDS):
            return targets.filter(pk__in=ids)
        return targets.annotate(_gfk_id=Cast("pk", self.id_field)).filter(_gfk_id__in=ids)

    def move(self, source: models.Model, dest: models.Model) -> int:
        if getattr(self.field, "dont_merge", False):
            return 0
        return self.rows(source).update(**{self.id_field.attname: dest.pk})

    def point_to(self, row: models.Model, dest: models.Model) -> None:
        setattr(row, self.ct_attname, self.content_type.pk)
        setattr(row, self.id_field.attname, dest.pk)

    def target_pk(self, row: models.Model):
        return self.target._meta.pk.to_python(getattr(row, self.id_field.attname))

    def before_targets_deleted(self, targets: QuerySet) -> None:
        """Clear the GFKs to ``targets`` (CLEAR). The rows of a CASCADE are rows of
        the delete plan (it walks them, checks them and deletes them itself)."""
        if self.policy == CLEAR:
            self.rows_to_any(targets).update(
                **{self.ct_attname: None, self.id_field.attname: None}
            )


def can_point_to(gfk: GenericForeignKey, target: type[models.Model]) -> bool:
    """Whether ``gfk`` may point to rows of ``target``: one of its owner models or a
    derived one (``lino_gfks.owners.may_refer_to``), with a primary key its id field can
    hold (an integer id field cannot hold a Country code)."""
    if not may_refer_to(gfk, target):
        return False
    id_field = gfk.model._meta.get_field(gfk.fk_field)
    if not isinstance(id_field, INTEGER_FIELDS):
        return True
    pk = target._meta.pk
    while pk.is_relation:  # an MTI child's pk is its link to the parent
        pk = pk.target_field
    return isinstance(pk, INTEGER_FIELDS)


def generic_relation(target: type[models.Model], gfk: GenericForeignKey) -> GenericRelation | None:
    """The ``GenericRelation`` of ``target`` whose rows are those of ``gfk``, or None."""
    for field in target._meta.private_fields:
        if (
            isinstance(field, GenericRelation)
            and field.related_model._meta.concrete_model is gfk.model._meta.concrete_model
            and field.content_type_field_name == gfk.ct_field
            and field.object_id_field_name == gfk.fk_field
        ):
            return field
    return None


def gfk_references(target: type[models.Model]) -> Iterator[GFKReference]:
    """The reference provider: one :class:`GFKReference` per GFK able to point to ``target``
    (an owner model of the GFK, or one declaring a ``GenericRelation`` to its rows)."""
    for gfk in all_gfks():
        if can_point_to(gfk, target) or generic_relation(target, gfk) is not None:
            yield GFKReference(gfk.model, gfk, target)
