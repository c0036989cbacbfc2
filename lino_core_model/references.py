"""Who points to a row: the one mechanism behind delete vetoes, duplicate and merge.

A :class:`Reference` is one way rows of a model point to rows of a target model.
The graph sees every relation kind Django has:

- foreign keys and one-to-one fields, hidden ones (``related_name="+"``) and
  those of models that are not ours (``admin.LogEntry.user``) included;
- many-to-many fields, as a :class:`ThroughReference` whose rows are the rows
  of the through model (auto-created, as ``User.groups``, or an explicit
  ``through``);
- multi-table parents: the references to a ``Partner`` are references to each
  of its ``Person`` rows too (:func:`find_references`);
- generic foreign keys and ``GenericRelation``: ``lino_gfks`` registers them
  through :func:`register_reference_provider`.

Delete (vetoes, cascades), duplicate and merge (plan, admin page, execute) ask
:func:`references_to`, never ``_meta.related_objects`` (which misses hidden keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from lino_core_model.options import lino_options, per_resolve, resolve_options
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

    def describe(self, count: int) -> str:
        """``3 Notes (partner)``: ``count`` rows of this reference, for a plan's text."""
        meta = self.model._meta
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        return f"{count} {name} ({self.name})"

    @property
    def shown_model(self) -> type[models.Model]:
        """The model whose rows :meth:`shown_rows` gives (a page shows them to a user
        who may view that model)."""
        return self.model

    def shown_rows(self, rows: QuerySet) -> list[models.Model]:
        """The rows to name for ``rows`` of this reference (a plan naming its rows)."""
        return list(rows.order_by("pk"))

    @property
    def key(self) -> str:
        """``app_label.Model.field``: how settings and the merge's options name it."""
        return f"{full_model_name(self.model)}.{self.name}"

    @property
    def hidden(self) -> bool:
        """Whether Django hides the reverse relation (``related_name="+"``, an
        auto-created through model): ``_meta.related_objects`` does not list it."""
        return self.field.remote_field.hidden

    @property
    def is_history(self) -> bool:
        """Whether the rows are evidence of what the target did (``admin.LogEntry.user``
        and the references named in ``LINO_CORE_MODEL_HISTORY_REFERENCES``): a merge
        does not move them (see ``merge.py``)."""
        return self.key in history_references()

    @property
    def merges_as_union(self) -> bool:
        """Whether a merge drops the merged row's rows that would repeat the kept row's
        (a many-to-many link both rows have is kept once)."""
        return False

    @property
    def moved_fields(self) -> tuple[str, ...]:
        """The names of the fields that :meth:`move` changes."""
        return (self.field.name,)

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

    def unique_sets(self) -> list[tuple[tuple[str, ...], Q | None]]:
        """The unique field sets of the pointing rows that :meth:`move` can break: each
        unique field, ``unique_together`` and ``UniqueConstraint`` (with its condition)
        that includes a moved field, except the constraints the model names in
        ``resolved_on_merge`` (its app resolves them in a ``pre_merge`` receiver).
        Constraints on expressions are not read."""
        moved = set(self.moved_fields)
        resolved = set(getattr(self.model, "resolved_on_merge", ()))
        return [
            (names, condition)
            for name, names, condition in unique_field_sets(self.model)
            if moved & set(names) and name not in resolved
        ]

    def conflicts(self, source: models.Model, dest: models.Model) -> Q | None:
        """A filter of ``rows(source)`` selecting the rows whose move to ``dest`` would
        repeat a unique value of a row of ``dest`` (None: no move can); set-based,
        one ``EXISTS`` per unique set."""
        found = None
        for names, condition in self.unique_sets():
            others = {n: OuterRef(n) for n in names if n not in self.moved_fields}
            existing = self.rows(dest).filter(**others)
            test = Q(Exists(existing if condition is None else existing.filter(condition)))
            if condition is not None:
                test &= condition
            found = test if found is None else found | test
        return found

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


class ThroughReference(Reference):
    """The rows of a many-to-many's through model that point through ``field`` (one of
    its foreign keys) to a target row; ``m2m`` is the ``ManyToManyField``.

    Auto-created through rows are links without data of their own: a merge moves
    them as a union (:attr:`merges_as_union`), and a duplicate keeps the links of
    the m2m fields the duplicated model declares, as Django's "save as new" does.
    The rows of an explicit ``through`` model are rows like others: they move,
    are copied as their model's ``allow_cascaded_copy`` says, and their unique
    constraints are checked (``MergePlan``).
    """

    def __init__(self, model, field, target, m2m: models.ManyToManyField):
        super().__init__(model, field, target)
        self.m2m = m2m

    @property
    def auto_created(self) -> bool:
        return bool(self.model._meta.auto_created)

    @property
    def other_end(self) -> type[models.Model]:
        """The model at the other end of the link (``Group`` for ``User.groups``)."""
        return self.other_field.related_model

    @property
    def other_field(self) -> models.ForeignKey:
        """The through model's foreign key to the other end."""
        own = self.field.name
        other = (self.m2m.m2m_reverse_field_name() if own == self.m2m.m2m_field_name()
                 else self.m2m.m2m_field_name())
        return self.model._meta.get_field(other)

    @property
    def shown_model(self) -> type[models.Model]:
        return self.other_end if self.auto_created else self.model

    def shown_rows(self, rows: QuerySet) -> list[models.Model]:
        """An auto-created link is named by the row it links to (a group, not a
        ``User_groups`` row)."""
        if not self.auto_created:
            return super().shown_rows(rows)
        name = self.other_field.name
        return [getattr(link, name) for link in rows.select_related(name).order_by("pk")]

    def describe(self, count: int) -> str:
        """An auto-created link by the model it links to and the m2m: ``2 Groups (groups)``."""
        if not self.auto_created:
            return super().describe(count)
        meta = self.other_end._meta
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        return f"{count} {name} ({self.m2m.name})"

    @property
    def merges_as_union(self) -> bool:
        return self.auto_created

    @property
    def copies(self) -> bool:
        if not self.auto_created:
            return super().copies
        return self.field.name == self.m2m.m2m_field_name()  # the side declaring the m2m

    @property
    def hidden(self) -> bool:
        return self.auto_created or super().hidden


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


#: The history references a merge never moves (``LINO_CORE_MODEL_HISTORY_REFERENCES``
#: adds to them): the admin's log says who did what.
DEFAULT_HISTORY_REFERENCES = ("admin.LogEntry.user",)


def history_references() -> frozenset[str]:
    """The keys (``app_label.Model.field``) of the references that are history."""
    declared = getattr(settings, "LINO_CORE_MODEL_HISTORY_REFERENCES", ())
    return frozenset((*DEFAULT_HISTORY_REFERENCES, *declared))


#: A unique field set: the constraint's name (None for ``unique`` and ``unique_together``),
#: the field names, the condition of a conditional ``UniqueConstraint``.
UniqueSet = tuple[str | None, tuple[str, ...], Q | None]


def unique_field_sets(model: type[models.Model]) -> list[UniqueSet]:
    """Every set of field names that is unique among the rows of ``model`` (the primary
    key included): ``(constraint name or None, names, condition or None)``."""
    meta = model._meta
    found: list[UniqueSet] = [
        (None, (f.name,), None) for f in meta.concrete_fields if f.unique
    ]
    found += [(None, tuple(names), None) for names in meta.unique_together]
    found += [
        (c.name, tuple(c.fields), c.condition)
        for c in meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and not c.expressions
    ]
    return found


def through_m2m(through: type[models.Model], fk) -> models.ManyToManyField | None:
    """The many-to-many field whose through model is ``through`` and that uses ``fk``."""
    ends = {f.related_model for f in through._meta.concrete_fields if f.is_relation}
    for end in ends:
        if not isinstance(end, type):
            continue  # a lazy reference to a model that is not installed (a system check says so)
        for m2m in end._meta.local_many_to_many:
            if m2m.remote_field.through is through and fk.name in (
                m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            ):
                return m2m
    return None


def foreign_key_references(target: type[models.Model]) -> Iterable[Reference]:
    """Every foreign key (one-to-one included, not MTI parent links) pointing to
    ``target`` or its MTI ancestors: hidden ones too, and those of through models
    as :class:`ThroughReference`."""
    for rel in target._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or rel.many_to_many:
            continue  # a forward field, or the m2m (seen through its through model's keys)
        if not isinstance(rel.field, models.ForeignKey) or rel.parent_link:
            continue  # a GenericRelation's reverse side, an MTI parent link
        m2m = through_m2m(rel.related_model, rel.field)
        if m2m is None:
            yield Reference(rel.related_model, rel.field, target)
        else:
            yield ThroughReference(rel.related_model, rel.field, target, m2m)


def references_to(target: type[models.Model]) -> tuple[Reference, ...]:
    """All references to rows of ``target`` (:func:`find_references`, read once per
    start-up and provider: :func:`~lino_core_model.options.per_resolve`)."""
    return per_resolve(_references, target, lambda: find_references(target))


_references: dict = {}


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
    "DEFAULT_HISTORY_REFERENCES",
    "PROTECT",
    "Reference",
    "ReferenceProvider",
    "ThroughReference",
    "foreign_key_references",
    "history_references",
    "own_references",
    "references_to",
    "register_reference_provider",
]
