"""The delete policy: PROTECT unless listed in ``allow_cascaded_delete``, and the vetoes.

Foreign keys declared on our models with ``on_delete=CASCADE`` become
``PROTECT`` when the class is prepared (so migrations and the admin see the
rule), unless their name is in the model's ``allow_cascaded_delete``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router, transaction
from django.db.models import ProtectedError, RestrictedError, Value
from django.db.models.deletion import Collector
from django.utils.translation import gettext, ngettext

from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.inheritance import mti_descendants
from lino_core_model.locks import lock_for_delete
from lino_core_model.references import (
    CASCADE,
    CLEAR,
    PROTECT,
    Reference,
    own_references,
    references_to,
)
from lino_core_model.utils import compile_per_pk, concrete_family, split_names


def protect_foreign_keys(model: type[models.Model]) -> None:
    """Turn unlisted CASCADE foreign keys of ``model`` into PROTECT."""
    cascading = split_names(getattr(model, "allow_cascaded_delete", None))  # at class_prepared
    for field in model._meta.local_fields:
        if not field.is_relation or field.remote_field.parent_link:
            continue
        if field.remote_field.on_delete is models.CASCADE and field.name not in cascading:
            field.remote_field.on_delete = models.PROTECT


#: A veto counts the rows of its reference up to this number: "because more than
#: 100 Notes refer to it". The check is an EXISTS; the count runs only for a veto,
#: and the low limit keeps it about as cheap as the check.
VETO_COUNT_LIMIT = 100


def veto_count(rows: models.QuerySet) -> int:
    """The number of ``rows``, counted up to ``VETO_COUNT_LIMIT + 1``."""
    return count_rows([rows], rows.db, VETO_COUNT_LIMIT + 1)[0]


def delete_veto_message(obj: models.Model, model: type[models.Model], count: int) -> str:
    """``Cannot delete <obj> because <count> <Ys> refer to it.``"""
    meta = model._meta
    if count > VETO_COUNT_LIMIT:
        message = gettext("Cannot delete %(obj)s because more than %(limit)d %(refs)s refer to it.")
        return message % {"obj": obj, "limit": VETO_COUNT_LIMIT, "refs": meta.verbose_name_plural}
    return ngettext(
        "Cannot delete %(obj)s because %(count)d %(refs)s refers to it.",
        "Cannot delete %(obj)s because %(count)d %(refs)s refer to it.",
        count,
    ) % {
        "obj": obj,
        "count": count,
        "refs": meta.verbose_name if count == 1 else meta.verbose_name_plural,
    }


def delete_units(
    qs: models.QuerySet, keep_parents: bool = False
) -> list[tuple[models.QuerySet, tuple[Reference, ...]]]:
    """The rows deleted with ``qs``, per concrete model, each with the references to them.

    First ``qs`` with the references to its model and its MTI ancestors (not
    to the ancestors with ``keep_parents``: their rows stay); then, for each
    MTI descendant, its rows among ``qs`` (Django deletes them through their
    parent links) with the references to that descendant itself.
    """
    units = [(qs, own_references(qs.model) if keep_parents else references_to(qs.model))]
    for child, _ in mti_descendants(qs.model._meta.concrete_model):
        rows = child._base_manager.using(qs.db).filter(pk__in=qs.order_by().values("pk"))
        units.append((rows, own_references(child)))
    return units


def veto_of(row: models.Model) -> str | None:
    """The row's own ``disable_delete()`` (a model may add vetoes), else :func:`veto_for`."""
    disable_delete = getattr(row, "disable_delete", None)
    return disable_delete() if disable_delete is not None else veto_for(row)


def count_query(
    querysets: list[models.QuerySet], using: str, limit: int
) -> tuple[str, list] | None:
    """``SELECT (SELECT COUNT(*) FROM (... LIMIT n)), ...`` counting each queryset up to
    ``limit`` (``SELECT EXISTS (...), ...`` for 1), with its parameters; None when no
    queryset can have rows."""
    parts, params = [], []
    for i, qs in enumerate(querysets):
        rows = qs.order_by().values(lino_one=Value(1))  # no column: the index may suffice
        try:
            sql, qs_params = (
                (rows if limit == 1 else rows[:limit]).query.get_compiler(using=using).as_sql()
            )
        except EmptyResultSet:  # e.g. ``pk__in=[]``: no rows, nothing to ask
            parts.append("0")
            continue
        parts.append(
            f"EXISTS ({sql})" if limit == 1 else f"(SELECT COUNT(*) FROM ({sql}) lino_count_{i})"
        )
        params.extend(qs_params)
    if all(part == "0" for part in parts):
        return None
    return "SELECT " + ", ".join(parts), params


def run_count_query(query: tuple[str, list] | None, size: int, using: str) -> list[int]:
    if query is None:
        return [0] * size
    with connections[using].cursor() as cursor:
        cursor.execute(*query)
        return [int(value) for value in cursor.fetchone()]


def count_rows(querysets: list[models.QuerySet], using: str, limit: int) -> list[int]:
    """The number of rows of each queryset, counted up to ``limit``, in one query.

    One round trip however many references a delete must check, no row
    loaded, and no more than ``limit`` index entries read per reference.
    """
    return run_count_query(count_query(querysets, using, limit), len(querysets), using)


def rows_exist(querysets: list[models.QuerySet], using: str) -> list[bool]:
    """Whether each queryset has rows, in one query (:func:`count_rows` up to 1)."""
    return [bool(n) for n in count_rows(querysets, using, 1)]


#: The veto queries of a row per (database, model, references, limit), compiled once
#: (``compile_per_pk``): the same SQL serves every row of the model, only its primary
#: key changes. Falsy where it cannot be reused.
_veto_queries: dict = {}


def with_pk(obj: models.Model, pk: int) -> models.Model:
    """A copy of ``obj`` with primary key ``pk`` (that of the row and of each MTI ancestor)."""
    stand_in = copy.copy(obj)
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            setattr(stand_in, field.attname, pk)
    return stand_in


def count_for_row(
    obj: models.Model, children: list, refs: list[Reference], db: str, limit: int
) -> list[int]:
    """:func:`count_rows` of the MTI ``children`` rows of ``obj`` and of its ``refs``, by
    a query compiled once for the model where it can be (see ``_veto_queries``)."""

    def query(row: models.Model) -> tuple[str, list] | None:
        querysets = [c._base_manager.filter(pk=row.pk) for c in children]
        return count_query(querysets + [ref.rows(row) for ref in refs], db, limit)

    constants = (c for ref in refs for c in ref.constants)
    key = (db, type(obj), tuple(children), tuple(refs), limit, *constants)
    if key not in _veto_queries:
        reusable = isinstance(obj.pk, int) and all(ref.keyed_by_pk for ref in refs)
        _veto_queries[key] = reusable and compile_per_pk(lambda pk: query(with_pk(obj, pk)))
    bind = _veto_queries[key]
    size = len(children) + len(refs)
    return run_count_query(bind(obj.pk) if bind else query(obj), size, db)


def veto_for(obj: models.Model) -> str | None:
    """The message of the first protecting reference to ``obj`` that has rows, or None.

    A row with an MTI child is vetoed as that child would be: deleting it
    deletes the child. One query asks (``EXISTS``) for the child rows and for
    the rows of every protecting reference; a veto then counts the rows of the
    first reference that has some, up to ``VETO_COUNT_LIMIT`` (a second query).
    """
    children, refs = row_checks(obj)
    db = obj._state.db or "default"
    return row_veto(obj, children, refs, count_for_row(obj, children, refs, db, 1), db)


def row_checks(obj: models.Model) -> tuple[list, list[Reference]]:
    """What :func:`veto_for` asks about ``obj``: its MTI children, its protecting references."""
    children = [child for child, _ in mti_descendants(obj._meta.concrete_model)]
    return children, [ref for ref in references_to(type(obj)) if ref.policy == PROTECT]


def row_veto(
    obj: models.Model, children: list, refs: list[Reference], found: list[int], db: str
) -> str | None:
    """:func:`veto_for` of ``obj``, given whether each of ``row_checks(obj)`` has rows."""
    found_children = [c for c, n in zip(children, found, strict=False) if n]
    if found_children:  # nearest first: the last one is the row's most specific model
        return veto_of(found_children[-1]._base_manager.using(db).get(pk=obj.pk))
    for ref, exists in zip(refs, found[len(children) :], strict=True):
        if exists:
            [count] = count_for_row(obj, [], [ref], db, VETO_COUNT_LIMIT + 1)
            return obj.delete_veto_message(ref.model, count)
    return None


def protecting(units: list) -> list[tuple[models.QuerySet, Reference, models.QuerySet]]:
    """``(rows, reference, pointing rows)`` of every protecting reference of ``units``."""
    return [
        (rows, ref, ref.rows_to_any(rows))
        for rows, refs in units
        for ref in refs
        if ref.policy == PROTECT
    ]


def veto_for_units(units: list, using: str) -> str | None:
    """The veto of deleting the rows of ``units`` (see :func:`delete_units`), or None.

    One query checks every protecting reference; where one has rows, the
    message is that of the first row it protects (its ``disable_delete()``).
    """
    checks = protecting(units)
    return units_veto(checks, rows_exist([pointing for _, _, pointing in checks], using))


def units_veto(checks: list, found: list) -> str | None:
    """:func:`veto_for_units`, given whether each of the ``protecting()`` checks has rows."""
    for (rows, ref, _), exists in zip(checks, found, strict=True):
        first = ref.first_target(rows) if exists else None
        msg = None if first is None else veto_of(first)
        if msg:
            return msg
    return None


def protected_rows(qs: models.QuerySet) -> models.QuerySet:
    """The rows of ``qs`` that a protecting reference points to (a delete of them is
    vetoed), as one lazy queryset: rows of ``qs`` itself, or of its MTI children."""
    checks = protecting(delete_units(qs))
    if not checks:
        return qs.none()
    condition = models.Q()
    for rows, ref, _pointing in checks:
        condition |= models.Q(pk__in=ref.pointed_to(rows).values("pk"))
    return qs.filter(condition)


def veto_for_queryset(qs: models.QuerySet) -> str | None:
    """Like :func:`veto_for` for every row of ``qs`` and its MTI children (one query
    when nothing protects them); the message names the first protected row."""
    return veto_for_units(delete_units(qs), qs.db)


_handled: ContextVar[frozenset] = ContextVar("lino_delete_handled", default=frozenset())


def _units_models(units: list) -> set[type[models.Model]]:
    return {m for rows, _ in units for m in concrete_family(rows.model)}


@dataclass
class DeletePlan:
    """What deleting some rows checks and does, built without a query.

    Every check is a queryset, and one query asks which of them have rows
    (:meth:`checks`, in this order): the veto of ``row`` as :func:`veto_for`
    gives it (its MTI children, its protecting references), the protecting
    references of the deleted rows (``vetoing``), those of the rows our models
    lose by cascade (``slaves_vetoing``), and the references we enforce (GFKs)
    that cascade or clear (``acting``). ``handled``: the model families of all
    those rows (:func:`is_handled`).
    """

    row: models.Model | None
    children: list
    row_refs: list[Reference]
    vetoing: list
    slaves_vetoing: list
    acting: list[tuple[models.QuerySet, Reference]]
    handled: frozenset
    #: Every model whose references shaped the plan (see :func:`plan_signature`).
    shaped_by: tuple
    #: False: the slaves were found by Django's collector (a cascade cycle), from the rows.
    set_based: bool

    def checks(self) -> list[models.QuerySet]:
        row = self.row
        return [
            *(child._base_manager.filter(pk=row.pk) for child in self.children),
            *(ref.rows(row) for ref in self.row_refs),
            *(pointing for _, _, pointing in self.vetoing + self.slaves_vetoing),
            *(ref.rows_to_any(rows) for rows, ref in self.acting),
        ]

    def own_veto(self, found: list[int], using: str) -> str | None:
        """The veto of the deleted rows themselves, given what :meth:`checks` found."""
        n = len(self.children) + len(self.row_refs)
        msg = None
        if self.row is not None:
            msg = row_veto(self.row, self.children, self.row_refs, found[:n], using)
        return msg or units_veto(self.vetoing, found[n : n + len(self.vetoing)])

    def slaves_veto(self, found: list[int]) -> str | None:
        """The veto of the rows deleted by cascade."""
        start = len(found) - len(self.acting) - len(self.slaves_vetoing)
        return units_veto(self.slaves_vetoing, found[start : len(found) - len(self.acting)])

    def apply(self, found: list[int]) -> None:
        """Cascade or clear the references we enforce (GFKs) that have rows.

        Foreign keys are left to Django's collector and the database.
        """
        for (rows, ref), exists in zip(self.acting, found[len(found) - len(self.acting) :],
                                       strict=True):
            if exists:
                ref.before_targets_deleted(rows)


def delete_plan(
    qs: models.QuerySet,
    keep_parents: bool = False,
    row: models.Model | None = None,
    check_rows: bool = True,
) -> DeletePlan:
    """The :class:`DeletePlan` of deleting ``qs`` (``row``: its one row, vetoed as
    :func:`veto_for` does; ``check_rows``: check the protecting references of ``qs``)."""
    units = delete_units(qs, keep_parents)
    slaves, set_based = all_slaves(qs, keep_parents)
    slave_units = [unit for rows in slaves if is_ours(rows.model) for unit in delete_units(rows)]
    children, row_refs = row_checks(row) if row is not None else ([], [])
    return DeletePlan(
        row=row,
        children=children,
        row_refs=row_refs,
        vetoing=protecting(units) if check_rows else [],
        slaves_vetoing=protecting(slave_units),
        acting=[
            (rows, ref)
            for rows, refs in units + slave_units
            for ref in refs
            if ref.enforced_by_us and ref.policy in (CASCADE, CLEAR)
        ],
        handled=frozenset(_units_models(units + slave_units)),
        shaped_by=tuple({  # ordered, without repetition
            m: None
            for rows in [*slaves, *(rows for rows, _ in units + slave_units)]
            for m in concrete_family(rows.model)
        }),
        set_based=set_based,
    )


def run_plan(plan: DeletePlan, found: list[int], delete: Callable[[], Any]) -> Any:
    """Apply every reference's own delete policy (``plan.apply``), then ``delete()``
    (Django's delete of the rows), with the plan's models handled (:func:`is_handled`):
    a ``pre_delete`` receiver enforcing references row by row (``lino_gfks``) skips
    their rows. Run inside the deleting transaction, after the vetoes."""
    plan.apply(found)
    return run_handled(plan.handled, delete)


def run_handled(handled: frozenset, delete: Callable[[], Any]) -> Any:
    token = _handled.set(_handled.get() | handled)
    try:
        return delete()
    finally:
        _handled.reset(token)


def is_ours(model: type[models.Model]) -> bool:
    """Whether rows of ``model`` are deleted through this module (it inherits our ``Model``)."""
    from lino_core_model.models import Model

    return issubclass(model, Model)


def handled_slaves(qs: models.QuerySet, keep_parents: bool = False) -> list[models.QuerySet]:
    """The rows of our models deleted by cascade with ``qs``, one queryset per reference.

    Rows of other models are left to Django's collector and, where a GFK may
    point to them, to ``lino_gfks``' receiver.
    """
    return [s for s in all_slaves(qs, keep_parents)[0] if is_ours(s.model)]


def all_slaves(qs: models.QuerySet, keep_parents: bool = False) -> tuple[list, bool]:
    """The rows deleted by cascade with ``qs``, and whether they were found set-based.

    Set-based (:func:`cascaded_slaves`); where a cascade forms a cycle, as
    Django's collector finds them (:func:`collected_slaves`, loading the rows).
    """
    slaves = cascaded_slaves(qs, keep_parents=keep_parents)
    if slaves is None:
        return collected_slaves(qs, keep_parents), False
    return slaves, True


def collected_slaves(qs: models.QuerySet, keep_parents: bool = False) -> list[models.QuerySet]:
    """Every row Django's collector deletes with ``qs``, one queryset per model."""
    collector = Collector(using=qs.db, origin=qs)
    collector.collect(qs, keep_parents=keep_parents)
    found = list(collector.fast_deletes)
    for model, rows in collector.data.items():
        found.append(model._base_manager.using(qs.db).filter(pk__in=[r.pk for r in rows]))
    return found


def cascade_veto(slaves: list[models.QuerySet]) -> str | None:
    """The first veto of the rows deleted by cascade (``handled_slaves(qs)``), or None."""
    if not slaves:
        return None
    return veto_for_units([unit for rows in slaves for unit in delete_units(rows)], slaves[0].db)


def cascaded_slaves(
    qs: models.QuerySet, seen: frozenset = frozenset(), keep_parents: bool = False
) -> list[models.QuerySet] | None:
    """The rows Django's collector deletes with ``qs`` through cascading foreign keys.

    One lazy queryset per (nested) reference, from ``qs`` and from its MTI
    children. None when a cascade leads back to a model already on the path.
    """
    units = delete_units(qs, keep_parents)
    seen = seen | _units_models(units)
    found: list[models.QuerySet] = []
    for rows, refs in units:
        for ref in refs:
            if ref.policy != CASCADE or not isinstance(ref.field, models.ForeignKey):
                continue
            if ref.model in seen:
                return None
            slaves = ref.rows_to_any(rows)
            deeper = cascaded_slaves(slaves, seen)
            if deeper is None:
                return None
            found += [slaves, *deeper]
    return found


def is_handled(model: type[models.Model]) -> bool:
    """Whether rows of ``model`` are being deleted through a :class:`DeletePlan`."""
    return model in _handled.get()


#: How Django's ProtectedError and RestrictedError name the protecting fields: 'Note.partner'.
_PROTECTING_FIELD = re.compile(r"'(\w+)\.(\w+)'")


def veto_from_protected(exc: ProtectedError | RestrictedError) -> str:
    """Our message for Django's error about a row deleted by cascade.

    It names the deleted row that the protecting rows point to (through the
    foreign key Django's message names), not any row they point to.
    """
    named = set(_PROTECTING_FIELD.findall(str(exc.args[0])))
    rows = exc.args[1]
    for row in rows:
        for field in row._meta.concrete_fields:
            if not field.is_relation or not (
                (field.model.__name__, field.name) in named
                or (type(row).__name__, field.name) in named
            ):
                continue
            value = getattr(row, field.attname)
            target = getattr(row, field.name, None)
            if target is None:
                continue
            count = sum(
                1 for r in rows if type(r) is type(row) and getattr(r, field.attname) == value
            )
            message = getattr(target, "delete_veto_message", None)
            if message is None:
                return delete_veto_message(target, type(row), count)
            return message(type(row), count)
    return str(exc.args[0])


def delete_queryset(qs: models.QuerySet) -> tuple[int, dict[str, int]]:
    """Delete the rows of ``qs`` through the delete policy; atomic.

    ``DeleteVetoed`` (nothing deleted) when a protecting reference points to a
    row, to an MTI child of one, or to a row that would be deleted by cascade.
    The rows are locked first (``lock_for_delete``), so that a reference added
    meanwhile is seen or its writer fails. One query then checks every
    reference (:class:`DeletePlan`). Used by our ``QuerySet.delete()``, the
    summaries and any other caller deleting many rows.
    """
    try:
        with transaction.atomic(using=qs.db):
            lock_for_delete(qs.model, qs.values("pk"), qs.db)
            plan = delete_plan(qs)
            found = count_rows(plan.checks(), qs.db, 1)
            msg = plan.own_veto(found, qs.db) or plan.slaves_veto(found)
            if msg:
                raise DeleteVetoed(msg)
            return run_plan(plan, found, lambda: models.QuerySet.delete(qs))
    except (ProtectedError, RestrictedError) as exc:
        raise_vetoed(exc)


def delete_object(
    obj: models.Model,
    delete: Callable[[], Any],
    using: str | None = None,
    keep_parents: bool = False,
) -> Any:
    """Delete ``obj`` through the delete policy: ``delete()`` is Django's own delete of it
    (with ``keep_parents``, the rows of its MTI ancestors and what points to them stay).

    After the lock, one query checks every reference (:func:`object_checks`);
    a model that overrides ``disable_delete()`` asks it first.
    """
    db = using or obj._state.db or router.db_for_write(type(obj))
    try:
        with transaction.atomic(using=db):
            lock_for_delete(type(obj), [obj.pk], db)
            row_veto = not keep_parents and not has_own_veto(obj)
            msg = obj.disable_delete() if not (keep_parents or row_veto) else None
            if msg:
                raise DeleteVetoed(msg, [obj])
            found, plan, handled = object_checks(obj, db, keep_parents, row_veto)
            if plan is None:  # nothing to veto nor to act on
                return run_handled(handled, delete)
            msg = plan.own_veto(found, db)
            if msg:
                raise DeleteVetoed(msg, [obj])
            msg = plan.slaves_veto(found)
            if msg:
                raise DeleteVetoed(msg)
            return run_plan(plan, found, delete)
    except (ProtectedError, RestrictedError) as exc:
        raise_vetoed(exc)


def has_own_veto(obj: models.Model) -> bool:
    """Whether the model of ``obj`` overrides ``disable_delete()`` (adds vetoes)."""
    from lino_core_model.models import Model

    return type(obj).disable_delete is not Model.disable_delete


def object_plan(obj: models.Model, db: str, keep_parents: bool, row_veto: bool) -> DeletePlan:
    """The :class:`DeletePlan` of deleting ``obj`` (its own veto as :func:`veto_for` gives
    it with ``row_veto``; with ``keep_parents``, that of its rows that are deleted)."""
    rows = type(obj)._base_manager.using(db).filter(pk=obj.pk)
    return delete_plan(rows, keep_parents, obj if row_veto else None, check_rows=keep_parents)


def plan_signature(models_: tuple) -> tuple:
    """What a plan depends on besides its models' structure: each reference to them,
    its policy (a test may change it) and its constants (a GFK's content type)."""
    return tuple((ref, ref.policy, *ref.constants) for m in models_ for ref in references_to(m))


class ReusableChecks(NamedTuple):
    """The check query of an :func:`object_plan`, valid for every row of its model."""

    bind: Callable[[Any], tuple[str, list] | None]  # the query for a primary key
    size: int
    shaped_by: tuple
    signature: tuple  # ``plan_signature(shaped_by)`` when compiled
    handled: frozenset

    def holds(self) -> bool:
        return plan_signature(self.shaped_by) == self.signature

    def run(self, pk: int, db: str) -> list[int]:
        return run_count_query(self.bind(pk), self.size, db)


#: ``ReusableChecks`` per (database, model, keep_parents, row veto), or False where
#: the query cannot be reused (it depends on the row, not only on its primary key).
_object_checks: dict = {}


def reusable_checks(obj: models.Model, db: str, keep_parents: bool, row_veto: bool):
    """:class:`ReusableChecks` of deleting rows like ``obj``, or False."""
    if not isinstance(obj.pk, int):
        return False

    def plan_for(pk: int) -> DeletePlan:
        return object_plan(with_pk(obj, pk), db, keep_parents, row_veto)

    plan = object_plan(obj, db, keep_parents, row_veto)
    if not plan.set_based or not all(ref.keyed_by_pk for ref in plan.row_refs):
        return False
    bind = compile_per_pk(lambda pk: count_query(plan_for(pk).checks(), db, 1))
    if bind is None:
        return False
    return ReusableChecks(bind, len(plan.checks()), plan.shaped_by,
                          plan_signature(plan.shaped_by), plan.handled)


def object_checks(
    obj: models.Model, db: str, keep_parents: bool, row_veto: bool
) -> tuple[list[int], DeletePlan | None, frozenset]:
    """What the checks of ``object_plan(obj, ...)`` found (one query), the plan, and the
    models it handles. The query is compiled once per model where it can be; the
    plan is built only when a check found rows (None: nothing to veto nor to act on).
    """
    key = (db, type(obj), keep_parents, row_veto)
    reusable = _object_checks.get(key)
    if reusable is None or (reusable and not reusable.holds()):
        reusable = _object_checks[key] = reusable_checks(obj, db, keep_parents, row_veto)
    found = reusable.run(obj.pk, db) if reusable else None
    if found is not None and not any(found):
        return found, None, reusable.handled
    plan = object_plan(obj, db, keep_parents, row_veto)
    if found is None:
        found = count_rows(plan.checks(), db, 1)
    return found, plan, plan.handled


def raise_vetoed(exc: ProtectedError | RestrictedError):
    if isinstance(exc, DeleteVetoed):
        raise exc  # already our message (e.g. from a pre_delete receiver)
    raise DeleteVetoed(veto_from_protected(exc), exc.args[1]) from exc


__all__ = [
    "VETO_COUNT_LIMIT",
    "delete_object",
    "delete_queryset",
    "delete_veto_message",
    "is_handled",
    "is_ours",
    "protected_rows",
    "veto_count",
    "veto_for",
    "veto_for_queryset",
]
