"""Who points to a row: the one mechanism behind delete vetoes, duplicate and merge.

A :class:`Reference` is one way rows of a model point to rows of a target model.
Foreign keys are built in; ``lino_gfks`` registers generic foreign keys through
:func:`register_reference_provider`, so delete, duplicate and merge see them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from django.db.models import QuerySet

from lino_core_model.options import lino_options, resolve_options
from lino_core_model.utils import concrete_family, full_model_name

#: A reference policy: the referenced row cannot be deleted.
PROTECT = "protect"
#: A reference policy: referencing rows are deleted (and copied) with it.
CASCADE = "cascade"
#: A reference policy: the reference is set to NULL.
CLEAR = "clear"


class Reference:
    """Rows of ``model`` that point through ``field`` to a target row."""

    #: Whether the delete engine applies CASCADE and CLEAR itself
    #: (:meth:`before_targets_deleted`); Django does it for foreign keys.
    enforced_by_us = False

    def __init__(self, model: type[models.Model], field, target: type[models.Model]):
        self.model = model
        self.field = field
        self.target = target

    def __repr__(self) -> str:
        return f"<Reference {full_model_name(self.model)}.{self.field.name} ({self.policy})>"

    @property
    def policy(self) -> str:
        """PROTECT, CASCADE or CLEAR: for a foreign key, its ``on_delete``."""
        return fk_policy(self.field)

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def constants(self) -> tuple:
        """The values other than the target's key that :meth:`lookup` uses (a GFK's
        content type): a query compiled once for the reference is valid while they hold."""
        return ()

    @property
    def keyed_by_pk(self) -> bool:
        """Whether the pointing rows hold the target's primary key (not another field)."""
        return self.field.target_field.primary_key

    @property
    def points_to(self) -> type[models.Model]:
        """The concrete model whose rows the reference holds (``target`` or an MTI ancestor)."""
        return self.field.related_model._meta.concrete_model

    @property
    def copies(self) -> bool:
        """Whether referencing rows are duplicated with their master."""
        return self.name in lino_options(self.model).cascaded_copy

    def lookup(self, obj: models.Model) -> dict:
        """The filter keywords selecting the rows that point to ``obj``."""
        target_field = self.field.target_field
        return {self.field.attname: getattr(obj, target_field.attname)}

    def rows(self, obj: models.Model) -> QuerySet:
        return self.model._base_manager.filter(**self.lookup(obj))

    def rows_to_any(self, targets: QuerySet) -> QuerySet:
        """Rows pointing to any row of ``targets`` (a queryset on the target family)."""
        target_field = self.field.target_field
        values = targets.values(target_field.attname)
        return self.model._base_manager.filter(**{f"{self.field.attname}__in": values})

    def pointed_to(self, targets: QuerySet) -> QuerySet:
        """The rows of ``targets`` that a row points to through this reference."""
        pointing = self.rows_to_any(targets).values(self.field.attname)
        return targets.filter(**{f"{self.field.target_field.attname}__in": pointing})

    def move(self, source: models.Model, dest: models.Model) -> int:
        """Make every row that points to ``source`` point to ``dest``."""
        target_field = self.field.target_field
        return self.rows(source).update(**{self.field.attname: getattr(dest, target_field.attname)})

    def point_to(self, row: models.Model, dest: models.Model) -> None:
        """Set the reference of an (unsaved) ``row`` to ``dest``."""
        setattr(row, self.field.name, dest)

    def target_pk(self, row: models.Model):
        """The primary key of the target row that ``row`` points to."""
        value = getattr(row, self.field.attname)
        target_field = self.field.target_field
        if target_field.primary_key:
            return value  # for an MTI parent, its pk equals the child's pk
        return self.target._base_manager.values_list("pk", flat=True).get(
            **{target_field.attname: value}
        )

    def first_target(self, targets: QuerySet) -> models.Model | None:
        """The first row of ``targets`` that a row points to (None if none is)."""
        row = self.rows_to_any(targets).first()
        return None if row is None else targets.filter(pk=self.target_pk(row)).first()

    def before_targets_deleted(self, targets: QuerySet) -> None:
        """Apply the CASCADE or CLEAR policy to the rows pointing to ``targets``.

        Called in the deleting transaction before the targets are deleted.
        Nothing to do for a foreign key: Django's collector and the database
        schema do it. References Django does not know (GFKs) override this.
        """


#: A function giving the references to a model that Django does not know (e.g. GFKs),
#: registered with :func:`register_reference_provider`.
ReferenceProvider = Callable[[type[models.Model]], Iterable[Reference]]
_providers: list[ReferenceProvider] = []


def register_reference_provider(provider: ReferenceProvider) -> None:
    """Add a source of references (from ``ready()``): the options are resolved again."""
    if provider not in _providers:
        _providers.append(provider)
        resolve_options()


def fk_policy(field) -> str:
    on_delete = field.remote_field.on_delete
    if on_delete is models.CASCADE:
        return CASCADE
    if on_delete in (models.PROTECT, models.RESTRICT):
        return PROTECT
    return CLEAR  # SET_NULL, SET_DEFAULT, SET(...), DO_NOTHING: Django's business


def foreign_key_references(target: type[models.Model]) -> Iterable[Reference]:
    """Every foreign key (not MTI parent links, not M2M) pointing to ``target``."""
    for rel in target._meta.related_objects:
        if rel.many_to_many or rel.parent_link or rel.field.many_to_many:
            continue
        yield Reference(rel.related_model, rel.field, target)


def references_to(target: type[models.Model]) -> tuple[Reference, ...]:
    """All references to rows of ``target`` (resolved at start-up, :mod:`.options`)."""
    return lino_options(target).references


def find_references(target: type[models.Model]) -> tuple[Reference, ...]:
    """All references to rows of ``target`` or of its concrete MTI ancestors.

    Deleting or merging a ``Person`` also touches its ``Partner`` row, so rows
    pointing to that ``Partner`` count too. Sorted by ``app.Model.field``.
    """
    refs = list(foreign_key_references(target))  # Django includes the parents' here
    for model in concrete_family(target):
        for provider in _providers:
            refs.extend(provider(model))
    refs.sort(key=lambda r: (full_model_name(r.model), r.name))
    return tuple(refs)


def own_references(target: type[models.Model]) -> tuple[Reference, ...]:
    """The references to rows of ``target`` itself, not to its MTI ancestors."""
    return tuple(r for r in references_to(target) if r.points_to is target)


__all__ = [
    "CASCADE",
    "CLEAR",
    "PROTECT",
    "Reference",
    "ReferenceProvider",
    "foreign_key_references",
    "own_references",
    "references_to",
    "register_reference_provider",
]
