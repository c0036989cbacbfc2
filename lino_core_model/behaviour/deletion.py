"""The delete policy: PROTECT unless listed in ``allow_cascaded_delete``, and the vetoes.

Foreign keys declared on our models with ``on_delete=CASCADE`` become
``PROTECT`` when the class is prepared (so migrations and the admin see the
rule), unless their name is in the model's ``allow_cascaded_delete``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router, transaction
from django.db.models import ProtectedError, RestrictedError, Value
from django.db.models.deletion import Collector
from django.utils.translation import gettext, ngettext

from lino_core_model.behaviour.inheritance import mti_descendants
from lino_core_model.behaviour.locks import lock_for_delete
from lino_core_model.behaviour.references import (
    CASCADE,
    CLEAR,
    PROTECT,
    Reference,
    own_references,
    references_to,
)
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.utils import concrete_family, split_names


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


#: The veto queries of a row, compiled once per (database, model, references, limit):
#: the same SQL serves every row of the model, only its primary key changes.
_veto_queries: dict = {}
_PK = 2_147_480_001  # stands for the row's primary key in a compiled veto query (in range
# of every integer field: an out-of-range value would compile to "no rows")


def count_for_row(
    obj: models.Model, children: list, refs: list[Reference], db: str, limit: int
) -> list[int]:
    """:func:`count_rows` of the MTI ``children`` rows of ``obj`` and of its ``refs``, by
    a query compiled once for the model where it can be (see ``_veto_queries``)."""

    def querysets(row: models.Model) -> list[models.QuerySet]:
        return [c._base_manager.filter(pk=row.pk) for c in children] + [
            ref.rows(row) for ref in refs
        ]

    size = len(children) + len(refs)
    constants = (c for ref in refs for c in ref.constants)
    key = (db, type(obj), tuple(children), tuple(refs), limit, *constants)
    if key not in _veto_queries:
        _veto_queries[key] = None
        if isinstance(obj.pk, int) and all(ref.keyed_by_pk for ref in refs):
            stand_in = copy.copy(obj)
            for field in obj._meta.concrete_fields:
                if field.primary_key:  # the pk of the row and of each MTI ancestor
                    setattr(stand_in, field.attname, _PK)
            query = count_query(querysets(stand_in), db, limit)
            if query is not None and query[1].count(_PK) == size:  # each query has the pk
                _veto_queries[key] = query
    query = _veto_queries[key]
    if query is None:  # cannot be reused: compiled for this row
        return run_count_query(count_query(querysets(obj), db, limit), size, db)
    return run_count_query((query[0], [obj.pk if p == _PK else p for p in query[1]]), size, db)


def veto_for(obj: models.Model) -> str | None:
    """The message of the first protecting reference to ``obj`` that has rows, or None.

    A row with an MTI child is vetoed as that child would be: deleting it
    deletes the child. One query asks (``EXISTS``) for the child rows and for
    the rows of every protecting reference; a veto then counts the rows of the
    first reference that has some, up to ``VETO_COUNT_LIMIT`` (a second query).
    """
    model, db = obj._meta.concrete_model, obj._state.db or "default"
    children = [child for child, _ in mti_descendants(model)]
    refs = [ref for ref in references_to(type(obj)) if ref.policy == PROTECT]
    found = count_for_row(obj, children, refs, db, 1)
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
    found = rows_exist([pointing for _, _, pointing in checks], using)
    for (rows, ref, _), exists in zip(checks, found, strict=True):
        first = ref.first_target(rows) if exists else None
        msg = None if first is None else veto_of(first)
        if msg:
            return msg
    return None


def veto_for_queryset(qs: models.QuerySet) -> str | None:
    """Like :func:`veto_for` for every row of ``qs`` and its MTI children (one query
    when nothing protects them); the message names the first protected row."""
    return veto_for_units(delete_units(qs), qs.db)


_handled: ContextVar[frozenset] = ContextVar("lino_delete_handled", default=frozenset())


def _units_models(units: list) -> set[type[models.Model]]:
    return {m for rows, _ in units for m in concrete_family(rows.model)}


@contextmanager
def deleting(qs: models.QuerySet, keep_parents: bool = False) -> Iterator[None]:
    """Apply every reference's own delete policy to the rows of ``qs``, then let Django delete.

    Run inside the deleting transaction. The rows Django's collector will delete
    with them (MTI children, and the rows of cascading foreign keys) get the
    same treatment, set-based, after a veto check. While the block runs, the
    model families of those rows count as handled (:func:`is_handled`): a
    ``pre_delete`` receiver enforcing references row by row (``lino_gfks``)
    skips those rows.
    """
    units = delete_units(qs, keep_parents)
    handled = _units_models(units)
    slave_units = [
        unit for slaves in handled_slaves(qs, keep_parents) for unit in delete_units(slaves)
    ]
    msg = veto_for_units(slave_units, qs.db)
    if msg:
        raise DeleteVetoed(msg)
    units += slave_units
    handled |= _units_models(slave_units)
    apply_policies(units, qs.db)
    token = _handled.set(_handled.get() | frozenset(handled))
    try:
        yield
    finally:
        _handled.reset(token)


def is_ours(model: type[models.Model]) -> bool:
    """Whether rows of ``model`` are deleted through this module (it inherits our ``Model``)."""
    from lino_core_model.models import Model

    return issubclass(model, Model)


def apply_policies(units: list, using: str) -> None:
    """Cascade or clear the references we enforce (GFKs) to the rows of ``units``.

    One query finds the references that have rows; only those are acted on.
    Foreign keys are left to Django's collector and the database.
    """
    acting = [
        (rows, ref)
        for rows, refs in units
        for ref in refs
        if ref.enforced_by_us and ref.policy in (CASCADE, CLEAR)
    ]
    found = rows_exist([ref.rows_to_any(rows) for rows, ref in acting], using)
    for (rows, ref), exists in zip(acting, found, strict=True):
        if exists:
            ref.before_targets_deleted(rows)


def handled_slaves(qs: models.QuerySet, keep_parents: bool = False) -> list[models.QuerySet]:
    """The rows of our models deleted by cascade with ``qs``, one queryset per reference.

    Set-based (:func:`cascaded_slaves`); where a cascade forms a cycle, as
    Django's collector finds them (:func:`collected_slaves`, loading the rows).
    Rows of other models are left to Django's collector and, where a GFK may
    point to them, to ``lino_gfks``' receiver.
    """
    slaves = cascaded_slaves(qs, keep_parents=keep_parents)
    if slaves is None:
        slaves = collected_slaves(qs, keep_parents)
    return [s for s in slaves if is_ours(s.model)]


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
    """Whether rows of ``model`` are being deleted through :func:`deleting`."""
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
    meanwhile is seen or its writer fails. Used by our ``QuerySet.delete()``,
    the summaries and any other caller deleting many rows.
    """
    try:
        with transaction.atomic(using=qs.db):
            lock_for_delete(qs.model, qs.values("pk"), qs.db)
            msg = veto_for_queryset(qs)
            if msg:
                raise DeleteVetoed(msg)
            with deleting(qs):
                return models.QuerySet.delete(qs)
    except (ProtectedError, RestrictedError) as exc:
        raise_vetoed(exc)


def delete_object(
    obj: models.Model,
    delete: Callable[[], Any],
    using: str | None = None,
    keep_parents: bool = False,
) -> Any:
    """Delete ``obj`` through the delete policy: ``delete()`` is Django's own delete of it
    (with ``keep_parents``, the rows of its MTI ancestors and what points to them stay)."""
    db = using or obj._state.db or router.db_for_write(type(obj))
    rows = type(obj)._base_manager.using(db).filter(pk=obj.pk)
    try:
        with transaction.atomic(using=db):
            lock_for_delete(type(obj), [obj.pk], db)
            if keep_parents:
                msg = veto_for_units(delete_units(rows, keep_parents=True), db)
            else:
                msg = veto_of(obj)
            if msg:
                raise DeleteVetoed(msg, [obj])
            with deleting(rows, keep_parents):
                return delete()
    except (ProtectedError, RestrictedError) as exc:
        raise_vetoed(exc)


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
    "veto_count",
    "veto_for",
    "veto_for_queryset",
]
