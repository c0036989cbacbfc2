"""The delete policy: PROTECT unless listed in ``allow_cascaded_delete``, and the one delete plan.

Foreign keys declared on our models with ``on_delete=CASCADE`` become
``PROTECT`` when the class is prepared (so migrations and the admin see the
rule), unless their name is in the model's ``allow_cascaded_delete``.

A :class:`DeletePlan` is what deleting some rows does, gathered once, as
Django's ``Collector`` gathers: the rows deleted with them (per model and
reference, lazy querysets: no query), one query asking every question the
delete has, and the named results every consumer reads: :attr:`~DeletePlan.veto`,
:meth:`~DeletePlan.counts`, :meth:`~DeletePlan.nested` (the admin's confirmation
page), the GFK actions, and :meth:`~DeletePlan.execute`, which does it under
the lock. ``Model.delete``, ``QuerySet.delete``, the admin, merge and the
summaries all go through it; it is the one place that walks a cascade.

Deletes that Django runs without a plan (a manager that is not ours, Django's
collector reaching our rows by cascade from a plain model) meet
:func:`hold_delete_policy`, a ``pre_delete`` receiver connected for exactly the
models that need it (:func:`receiver_senders`); it recognises a delete a plan
runs by the ``origin`` Django passes (the plan marks it).
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router, transaction
from django.db.models import ProtectedError, RestrictedError, Value
from django.db.models.deletion import Collector
from django.db.models.manager import BaseManager
from django.db.models.signals import pre_delete
from django.utils.translation import gettext, ngettext

from lino_core_model._ours import our_model, our_queryset
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.inheritance import mti_descendants, specific_models
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

__all__ = [
    "VETO_COUNT_LIMIT",
    "DeletePlan",
    "Unit",
    "connect_delete_receivers",
    "delete_object",
    "delete_queryset",
    "delete_veto_message",
    "hold_delete_policy",
    "protected_rows",
    "receiver_senders",
]


# -- class preparation ---------------------------------------------------------


def protect_foreign_keys(model: type[models.Model]) -> None:
    """Turn unlisted CASCADE foreign keys of ``model`` into PROTECT."""
    cascading = split_names(getattr(model, "allow_cascaded_delete", None))  # at class_prepared
    for field in model._meta.local_fields:
        if not field.is_relation or field.remote_field.parent_link:
            continue
        if field.remote_field.on_delete is models.CASCADE and field.name not in cascading:
            field.remote_field.on_delete = models.PROTECT


def keeps_policy(manager: models.Manager) -> bool:
    """Whether ``manager``'s querysets delete through the plan and show every row."""
    return issubclass(getattr(manager, "_queryset_class", object), our_queryset()) and (
        type(manager).get_queryset is BaseManager.get_queryset
    )


def keep_policy_in_base_manager(model: type[models.Model]) -> None:
    """Make ``model._base_manager`` its default manager when that one keeps the policy.

    Django's base manager is a plain ``Manager``: ``_base_manager.filter(...).delete()``
    would bypass the plan. Our default manager shows every row as the base
    manager must, so it serves as both (as ``Meta.base_manager_name`` would; set
    on the options, not on ``Meta``, the migrations stay as they are: Django does
    not write a default manager named ``objects``). A model whose default manager
    filters or is not ours keeps Django's; :func:`hold_delete_policy` serves it.
    """
    meta = model._meta
    if meta.base_manager_name or meta.abstract:
        return
    manager = meta.default_manager
    if manager is not None and keeps_policy(manager):
        meta.base_manager_name = manager.name
        meta.__dict__.pop("base_manager", None)  # computed before? then again


# -- the veto message ----------------------------------------------------------

#: A veto counts the rows of its reference up to this number: "because more than
#: 100 Notes refer to it". The check is an EXISTS; the count runs only for a veto,
#: and the low limit keeps it about as cheap as the check.
VETO_COUNT_LIMIT = 100


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
            return _message_about(target, type(row), count)
    return str(exc.args[0])


def _message_about(target: models.Model, model: type[models.Model], count: int) -> str:
    message = getattr(target, "delete_veto_message", None)
    return message(model, count) if message else delete_veto_message(target, model, count)


def raise_vetoed(exc: ProtectedError | RestrictedError):
    if isinstance(exc, DeleteVetoed):
        raise exc  # already our message (e.g. from a pre_delete receiver)
    raise DeleteVetoed(veto_from_protected(exc), exc.args[1]) from exc


# -- counting in one query -------------------------------------------------------


def count_query(
    querysets: list[models.QuerySet], using: str, limit: int | None
) -> tuple[str, list] | None:
    """``SELECT (SELECT COUNT(*) FROM (... LIMIT n)), ...`` counting each queryset up to
    ``limit`` (``SELECT EXISTS (...), ...`` for 1; every row for None), with its
    parameters; None when no queryset can have rows."""
    parts, params = [], []
    for i, qs in enumerate(querysets):
        rows = qs.order_by().values(lino_one=Value(1))  # no column: the index may suffice
        try:
            sql, qs_params = (
                (rows if limit in (1, None) else rows[:limit]).query.get_compiler(using=using)
                .as_sql()
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


def count_rows(querysets: list[models.QuerySet], using: str, limit: int | None) -> list[int]:
    """The number of rows of each queryset, counted up to ``limit``, in one query.

    One round trip however many questions, no row loaded, and no more than
    ``limit`` index entries read per question.
    """
    if not querysets:
        return []
    return run_count_query(count_query(querysets, using, limit), len(querysets), using)


def rows_exist(querysets: list[models.QuerySet], using: str) -> list[bool]:
    """Whether each queryset has rows, in one query (:func:`count_rows` up to 1)."""
    return [bool(n) for n in count_rows(querysets, using, 1)]


# -- gathering: the one walk of a cascade ------------------------------------------


@dataclass(frozen=True, eq=False)
class Unit:
    """Rows of one concrete model that a delete removes, and how it reaches them.

    ``via`` is the cascading reference from the rows of ``parent``; both None for
    the deleted rows themselves; ``via`` None with a ``parent``: the MTI child rows
    of the parent's rows (Django deletes them through the parent link).
    """

    rows: models.QuerySet
    refs: tuple[Reference, ...]  # the references to these rows
    via: Reference | None = None
    parent: Unit | None = None

    @property
    def model(self) -> type[models.Model]:
        return self.rows.model

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    @property
    def by_us(self) -> bool:
        """Whether the plan deletes these rows itself (a GFK cascade): Django does not."""
        return self.via is not None and self.via.enforced_by_us


def plan_cascades(ref: Reference) -> bool:
    """Whether the rows of ``ref`` go with their target: a cascading foreign key
    (Django deletes them) or a cascading reference we enforce (the plan does)."""
    return ref.policy == CASCADE and (
        ref.enforced_by_us or isinstance(ref.field, models.ForeignKey)
    )


def django_cascades(ref: Reference) -> bool:
    """Whether Django's collector deletes the rows of ``ref`` with their target."""
    return ref.policy == CASCADE and isinstance(ref.field, models.ForeignKey)


def family_units(
    rows: models.QuerySet, keep_parents: bool, via: Reference | None, parent: Unit | None
) -> list[Unit]:
    """``rows`` with the references to them and to their MTI ancestors (not those to
    the ancestors with ``keep_parents``: their rows stay), then, per MTI descendant,
    its rows among ``rows`` with the references to that descendant itself."""
    model = rows.model
    first = Unit(rows, own_references(model) if keep_parents else references_to(model), via, parent)
    ids = rows.order_by().values("pk")
    return [first] + [
        Unit(child._base_manager.using(rows.db).filter(pk__in=ids), own_references(child), None,
             first)
        for child, _ in mti_descendants(model._meta.concrete_model)
    ]


#: How :func:`walk` goes: lazy querysets, stopping where a cascade leads back to a
#: model on its path; loading the keys of the rows it reaches (each row once: a
#: cycle ends); or models only (no row, each model once).
LAZY, KEYS, MODELS = "lazy", "keys", "models"


def walk(
    rows: models.QuerySet,
    keep_parents: bool = False,
    follow: Callable[[Reference], bool] = plan_cascades,
    mode: str = LAZY,
    cycles: list | None = None,
) -> list[Unit]:
    """The units deleted with ``rows``, in depth-first order (the deleted rows first).

    ``LAZY`` builds querysets on querysets without a query; where a cascade
    leads back to a model on its path it stops and adds ``(unit, reference)`` to
    ``cycles`` (if the rows of one exist, the plan walks again by ``KEYS``);
    ``KEYS`` loads the keys of the rows at each step (a bounded number of
    queries per level, not per row), so a cycle ends where no new row is
    reached; ``MODELS`` (start-up, no database) visits each model once.
    """
    units: list[Unit] = []
    cycles = [] if cycles is None else cycles
    deleted: dict[type[models.Model], set] = defaultdict(set)  # KEYS: per MTI root
    visited: set[type[models.Model]] = set()  # MODELS
    stack: list[tuple] = [(rows, keep_parents, None, None, frozenset())]
    while stack:
        rows, keep, via, parent, path = stack.pop()
        if mode == KEYS:
            rows = _new_rows(rows, deleted, keep_origin=parent is None)
            if rows is None:
                continue
        family = family_units(rows, keep, via, parent)
        units.extend(family)
        path = path | {m for unit in family for m in concrete_family(unit.model)}
        visited.update(path)
        deeper = []
        for unit in family:
            for ref in unit.refs:
                if not follow(ref):
                    continue
                if mode == LAZY and ref.model in path:
                    cycles.append((unit, ref))
                    continue
                if mode == MODELS and ref.model in visited:
                    continue
                deeper.append((ref.rows_to_any(unit.rows), False, ref, unit, path))
        stack.extend(reversed(deeper))
    return units


def _new_rows(rows: models.QuerySet, deleted: dict, keep_origin: bool):
    """``rows`` without those already reached (None if no row is new), by their keys."""
    model = rows.model
    root = concrete_family(model)[-1]
    keys = set(rows.order_by().values_list("pk", flat=True)) - deleted[root]
    if not keys:
        return None
    deleted[root] |= keys
    return rows if keep_origin else model._base_manager.using(rows.db).filter(pk__in=sorted(keys))


class Gathered(NamedTuple):
    units: list[Unit]
    cycles: list[tuple[Unit, Reference]]  # lazy: where a cascade came back
    lazy: bool


def gather(
    rows: models.QuerySet,
    keep_parents: bool = False,
    follow: Callable[[Reference], bool] = plan_cascades,
    mode: str = LAZY,
) -> Gathered:
    """:func:`walk` lazily (noting the cycles) or by keys."""
    cycles: list = []
    units = walk(rows, keep_parents, follow, mode, cycles)
    return Gathered(units, cycles, mode == LAZY)


def shares_rows(a: type[models.Model], b: type[models.Model]) -> bool:
    """Whether rows of ``a`` and ``b`` with the same key are the same row (one MTI line)."""
    return a in concrete_family(b) or b in concrete_family(a)


# -- the plan --------------------------------------------------------------------


def is_ours(model: type[models.Model]) -> bool:
    return issubclass(model, our_model())


def has_hook(model: type[models.Model]) -> bool:
    """Whether ``model`` is ours and overrides ``disable_delete()`` (the model's own veto)."""
    return is_ours(model) and model.disable_delete is not our_model().disable_delete


#: The kinds of :class:`Check`.
CHILD, PROTECTS, EXISTS, CLEARS, CYCLE = "child", "protects", "exists", "clears", "cycle"


@dataclass(frozen=True, eq=False)
class Check:
    """One question of the plan's one query: do the ``rows`` exist? ``kind``: an MTI
    child of the deleted row (CHILD), rows protecting ``unit`` through ``ref``
    (PROTECTS), the rows of a unit the plan deletes itself (EXISTS), rows whose
    reference to ``unit`` the plan clears (CLEARS), rows a cascade reaches back
    (CYCLE: if any, the plan is gathered again, by keys). ``gate``: the index of
    the EXISTS check of the GFK cascade the unit lies in; the check is asked
    (a second query) only where that one found rows, so that a cascade of a
    cascade costs nothing where the first one is empty."""

    kind: str
    unit: Unit
    rows: models.QuerySet
    ref: Reference | None = None
    gate: int | None = None


class CheckKey(NamedTuple):
    """What a :class:`Check` asks, without its queryset: what the plan of a row reads
    from its compiled query (:class:`CompiledChecks`) without building the checks."""

    kind: str
    ref: Reference | None
    model: type[models.Model]
    of_row: bool  # about the deleted row or an MTI child of it
    gate: int | None  # see Check.gate


def gated(checks: list[Check]) -> list[Check]:
    """``checks`` each with its :attr:`Check.gate`."""
    exists = {c.unit: i for i, c in enumerate(checks) if c.kind == EXISTS}

    def gate_of(check: Check) -> int | None:
        top, unit = None, check.unit
        while unit is not None:
            if unit.by_us:
                top = unit
            unit = unit.parent
        if top is None or (check.kind == EXISTS and check.unit is top):
            return None
        return exists[top]

    return [Check(c.kind, c.unit, c.rows, c.ref, gate_of(c)) for c in checks]


def check_keys(plan: DeletePlan) -> tuple[CheckKey, ...]:
    family = plan.row_family
    return tuple(CheckKey(c.kind, c.ref, c.unit.model, c.unit in family, c.gate)
                 for c in plan.checks)


class DeletePlan:
    """What deleting ``rows`` does, gathered once; ``execute()`` does it, under the lock.

    ``row``: the one row being deleted (``Model.delete``, ``disable_delete``);
    ``hook``: ask its ``disable_delete()`` first (its model overrides it: the hook
    then answers for the row's own references). ``keep_parents`` as Django's.

    Nothing is asked before it is needed: :attr:`units` builds querysets (no
    query unless a cascade forms a cycle), :attr:`found` is one query (compiled
    once per model for a row), :attr:`veto` asks further only for a message.
    A row of a model that overrides ``disable_delete()`` is asked by it, once
    per row the delete removes; references from rows deleted in the same
    operation never veto.
    """

    def __init__(
        self,
        rows: models.QuerySet | None,
        *,
        keep_parents: bool = False,
        row: models.Model | None = None,
        hook: bool = False,
        cascade: bool = True,
        using: str | None = None,
    ):
        self.given = rows
        if rows is not None:  # a row's plan makes its queryset when it needs it
            self.rows = deletable(rows)
        self.using = using or self.rows.db
        self.keep_parents = keep_parents
        self.row = row
        self.hook = hook and row is not None and has_hook(type(row))
        self.cascade = cascade
        #: Whether the plan may use the query compiled for its model (a row's plan).
        self.reusable = row is not None

    @classmethod
    def for_row(
        cls, obj: models.Model, using: str | None = None, keep_parents: bool = False,
        hook: bool = True, cascade: bool = True,
    ) -> DeletePlan:
        """The plan of deleting the row ``obj`` (``hook``: as ``delete()`` does, asking
        its ``disable_delete()`` first where its model overrides it; ``cascade``
        False: the row and its MTI children only, as ``disable_delete()`` asks)."""
        db = using or obj._state.db or router.db_for_write(type(obj), instance=obj)
        return cls(None, keep_parents=keep_parents, row=obj, hook=hook, cascade=cascade, using=db)

    @cached_property
    def rows(self) -> models.QuerySet:
        """The deleted rows (set for a queryset's plan; the one row's, made on demand)."""
        return type(self.row)._base_manager.db_manager(self.using).filter(pk=self.row.pk)

    # -- gathering (no query while the cascade is acyclic) ----------------------

    @cached_property
    def _gathered(self) -> Gathered:
        return gather(self.rows, self.keep_parents, follow=self._follow)

    def _follow(self, ref: Reference) -> bool:
        return self.cascade and plan_cascades(ref)

    def _by_keys(self) -> None:
        """Gather again by keys (a cascade came back to rows of the plan's models)."""
        self._gathered = gather(self.rows, self.keep_parents, follow=self._follow, mode=KEYS)
        self.reusable = False
        for name in ("checks", "keys", "row_family", "deleted_models", "compiled"):
            self.__dict__.pop(name, None)

    @property
    def units(self) -> list[Unit]:
        """Every set of rows the delete removes: the deleted rows, their MTI children,
        the rows reached by cascade (foreign keys and GFKs), depth first."""
        return self._gathered.units

    @property
    def lazy(self) -> bool:
        """Whether the units are querysets on querysets (reusable SQL)."""
        return self._gathered.lazy

    def _cycle_rows(self) -> list[models.QuerySet]:
        return [ref.rows_to_any(unit.rows) for unit, ref in self._gathered.cycles]

    @cached_property
    def row_family(self) -> list[Unit]:
        """The unit of the deleted row and those of its MTI children (row plans)."""
        if self.row is None:
            return []
        return [u for u in self.units if u.parent is None or (u.via is None and u.depth == 1)]

    def hooked(self, unit: Unit) -> bool:
        """Whether the rows of ``unit`` answer for themselves (``disable_delete()``)."""
        if unit in self.row_family:
            return self.hook or (unit.parent is not None and has_hook(unit.model))
        return has_hook(unit.model) and not (unit.parent is None and self.keep_parents)

    def _pointing(self, unit: Unit, ref: Reference, target: models.Model | None = None):
        """The rows pointing through ``ref`` to the rows of ``unit`` (to ``target`` only,
        if given), without the rows the same delete removes."""
        if target is None and self.row is not None and ref.keyed_by_pk and unit in self.row_family:
            # the row's key in the SQL: the query compiled once serves every row
            target = self.row if unit.model is type(self.row) else unit.model(pk=self.row.pk)
        rows = ref.rows(target) if target is not None else ref.rows_to_any(unit.rows)
        return self.without_deleted(rows)

    @cached_property
    def checks(self) -> list[Check]:
        """The questions of :attr:`found`, in this order: the MTI children of the deleted
        row (the veto names the most specific row), the protecting references of
        every unit that does not answer for itself, the units the plan deletes
        itself (GFK cascades), the references it clears. Without ``cascade``
        (``disable_delete()``): the children and the row's own references only; a
        child found answers for itself (its own ``disable_delete()``)."""
        family = self.row_family
        found = [Check(CHILD, u, u.rows) for u in family[1:]]
        if not self.cascade:
            return found + ([] if self.hooked(family[0]) else [
                Check(PROTECTS, family[0], self._pointing(family[0], ref), ref)
                for ref in family[0].refs if ref.policy == PROTECT])
        for unit in self.units:
            if not self.hooked(unit):
                found += [Check(PROTECTS, unit, self._pointing(unit, ref), ref)
                          for ref in unit.refs if ref.policy == PROTECT]
        found += [Check(EXISTS, u, u.rows) for u in self.units if u.by_us]
        found += [
            Check(CLEARS, unit, ref.rows_to_any(unit.rows), ref)
            for unit in self.units
            for ref in unit.refs
            if ref.enforced_by_us and ref.policy == CLEAR
        ]
        found += [Check(CYCLE, unit, ref.rows_to_any(unit.rows), ref)
                  for unit, ref in self._gathered.cycles]
        return gated(found)

    @cached_property
    def compiled(self) -> CompiledChecks | None:
        """The check query compiled for the model, where the plan can use it."""
        return _compiled_checks(self)

    @cached_property
    def keys(self) -> tuple[CheckKey, ...]:
        """What each of :attr:`checks` asks (from the compiled query where there is one)."""
        compiled = self.compiled
        return compiled.keys if compiled else check_keys(self)

    # -- the one query ------------------------------------------------------------

    @cached_property
    def found(self) -> list[bool]:
        """Whether each of :attr:`checks` has rows: one query (a second one for the
        checks behind a GFK cascade that has rows)."""
        found = self._ask()
        if any(hit and key.kind == CYCLE for key, hit in zip(self.keys, found, strict=True)):
            self._by_keys()
            found = self._ask()
        return found

    def _ask(self) -> list[bool]:
        keys, compiled = self.keys, self.compiled
        first = [i for i, key in enumerate(keys) if key.gate is None]
        if compiled:
            answers = compiled.run(self.row.pk, self.using)
        else:
            answers = count_rows([self.checks[i].rows for i in first], self.using, 1)
        found = [False] * len(keys)
        for i, n in zip(first, answers, strict=True):
            found[i] = bool(n)
        later = [i for i, key in enumerate(keys) if key.gate is not None and found[key.gate]]
        for i, hit in zip(later, rows_exist([self.checks[i].rows for i in later], self.using),
                          strict=True):
            found[i] = hit
        return found

    def _hits(self, kind: str) -> list[int]:
        """The indexes of the checks of ``kind`` that found rows."""
        return [i for i, (key, hit) in enumerate(zip(self.keys, self.found, strict=True))
                if hit and key.kind == kind]

    # -- named results ------------------------------------------------------------

    @cached_property
    def veto(self) -> str | None:
        """Why the delete is refused, or None: the first of the row's own
        ``disable_delete()``, the hooks of the rows that answer for themselves, the
        first protecting reference that has rows (the message of the row it
        protects, as its most specific model, counting the rows that point to it)."""
        if self.hook:
            msg = self.row.disable_delete()
            if msg:
                return msg
        if not any(self.found) and not any(has_hook(m) for m in self.deleted_models):
            return None  # the frequent case: one query, no unit built
        if not self.cascade and self._hits(CHILD):  # vetoed as that child would be
            child = self._protected_row(self._hits(CHILD)[0])
            veto = getattr(child, "disable_delete", None)
            return veto() if veto is not None else DeletePlan.for_row(
                child, self.using, hook=False, cascade=False).veto
        return self._hooks_veto() or next(
            (msg for i in self._hits(PROTECTS) if (msg := self._message(i))), None)

    def _hooks_veto(self) -> str | None:
        """The first veto of the rows that answer for themselves (one query per unit)."""
        if not any(has_hook(m) for m in self.deleted_models):
            return None
        children = {self.keys[i].model for i in self._hits(CHILD)}
        for unit in self.units:
            if not self.hooked(unit):
                continue
            if unit in self.row_family and (self.hook or unit.model not in children):
                continue  # the row's own hook answered; or the row has no such child
            for row in unit.rows:
                msg = row.disable_delete()
                if msg:
                    return msg
        return None

    def _message(self, i: int) -> str | None:
        """The message of the protecting check ``i`` that found rows."""
        key = self.keys[i]
        target = self._protected_row(i)
        if target is None:
            return None  # gone meanwhile
        if has_hook(type(target)) and not self._is_row(target):
            return target.disable_delete()
        if self._is_row(target) and self.compiled:  # the same SQL for every row
            [count] = self.compiled.count(i, self, target.pk)
        else:
            [count] = count_rows([self._referring(i, target)], self.using, VETO_COUNT_LIMIT + 1)
        return _message_about(target, key.ref.model, count)

    def _referring(self, i: int, target: models.Model) -> models.QuerySet:
        """The rows referring to ``target`` through the reference of check ``i`` (those
        that the delete removes too left out): what the veto counts."""
        return self.without_deleted(self.keys[i].ref.rows(target))

    def _is_row(self, obj: models.Model) -> bool:
        return self.row is not None and type(obj) is type(self.row) and obj.pk == self.row.pk

    def _protected_row(self, i: int) -> models.Model | None:
        """The row that check ``i`` found protected, as its most specific model."""
        db = self.using
        if self.keys[i].of_row:
            children = [self.keys[c].model for c in self._hits(CHILD)]
            if not children:
                return self.row
            return children[-1]._base_manager.using(db).filter(pk=self.row.pk).first()
        check = self.checks[i]
        pointing = check.rows.first()
        if pointing is None:
            return None
        pk = check.ref.target_pk(pointing)
        model = check.unit.model
        if mti_descendants(model._meta.concrete_model):
            model = specific_models(model._meta.concrete_model, [pk], db).get(pk, model)
        return model._base_manager.using(db).filter(pk=pk).first()

    @cached_property
    def unit_counts(self) -> list[int]:
        """The number of rows of each unit (one query, asked once)."""
        cycles = self._cycle_rows()
        counted = count_rows([u.rows for u in self.units] + cycles, self.using, None)
        if any(counted[len(self.units):]):
            self._by_keys()
            counted = count_rows([u.rows for u in self.units], self.using, None)
        return counted[:len(self.units)]

    def counts(self, cascade_only: bool = False) -> dict[type[models.Model], int]:
        """``{model: rows}`` the delete removes, GFK cascades included (``cascade_only``:
        not the deleted rows themselves); :attr:`unit_counts`."""
        found: dict[type[models.Model], int] = {}
        for unit, n in zip(self.units, self.unit_counts, strict=True):
            if n and not (cascade_only and unit is self.units[0]):
                found[unit.model] = found.get(unit.model, 0) + n
        return found

    def nested(self) -> list[tuple[Unit, int, list]]:
        """The units that have rows as a tree below the deleted rows: ``(unit, rows,
        children)``, as Django's ``NestedObjects`` nests rows (:attr:`unit_counts`)."""
        numbers = dict(zip(self.units, self.unit_counts, strict=True))

        def below(parent: Unit) -> list[tuple[Unit, int, list]]:
            return [(u, numbers[u], below(u)) for u in self.units
                    if u.parent is parent and numbers[u]]

        return below(self.units[0])

    def covers(self, model: type[models.Model]) -> bool:
        """Whether rows of ``model`` are among those the plan deletes."""
        return model._meta.concrete_model in self.deleted_models

    @cached_property
    def deleted_models(self) -> frozenset:
        """The concrete models of every unit and of their MTI ancestors."""
        compiled = self.compiled
        if compiled:
            return compiled.deleted_models
        return frozenset(m for u in self.units for m in concrete_family(u.model))

    def without_deleted(self, rows: models.QuerySet) -> models.QuerySet:
        """``rows`` without those the plan deletes."""
        if not any(shares_rows(rows.model, m) for m in self.deleted_models):
            return rows
        for unit in self.units:
            if shares_rows(unit.model, rows.model):
                rows = rows.exclude(pk__in=unit.rows.order_by().values("pk"))
        return rows

    # -- acting ---------------------------------------------------------------------

    def check(self) -> None:
        """``DeleteVetoed`` with :attr:`veto` if there is one."""
        msg = self.veto
        if msg:
            raise DeleteVetoed(msg, [self.row] if self.row is not None else [])

    def lock_and_check(self) -> None:
        """Lock the rows, then :meth:`check` as of now (in the caller's transaction): a
        row pointing to them either committed before or waits, its writer fails."""
        for name in ("found", "veto", "checks", "keys", "deleted_models", "row_family",
                     "unit_counts", "compiled"):
            self.__dict__.pop(name, None)
        gathered = self.__dict__.get("_gathered")
        if gathered is not None and not gathered.lazy:
            del self.__dict__["_gathered"]  # the keys again, under the lock
        keys = [self.row.pk] if self.row is not None else self.rows.values("pk")
        model = type(self.row) if self.row is not None else self.rows.model
        lock_for_delete(model, keys, self.using)
        self.check()

    def act(self) -> Counter:
        """Clear the references we enforce that say so, then delete the rows of our
        cascades (GFKs), deepest first; the rows deleted, per model label."""
        for i in self._hits(CLEARS):
            check = self.checks[i]
            check.ref.before_targets_deleted(check.unit.rows)
        self._unlink_among_deleted()
        deleted: Counter = Counter()
        ours = sorted((self.checks[i].unit for i in self._hits(EXISTS)), key=lambda u: -u.depth)
        for unit in ours:
            deleted.update(self._collect(unit.rows, origin=unit.rows))
        return deleted

    def _unlink_among_deleted(self) -> None:
        """Where the database checks a key at once (MariaDB: no deferred constraints), a
        protecting key from a deleted row to a deleted row (itself, or one deleted with
        it) would stop the ``DELETE``: set such nullable keys to NULL first. Only rows
        the plan deletes are written; a key that cannot be NULL is left to the database."""
        if connections[self.using].features.can_defer_constraint_checks:
            return
        for unit in self.units:
            for ref in references_to(unit.model):
                field = ref.field
                if not (isinstance(field, models.ForeignKey) and field.null
                        and ref.policy == PROTECT
                        and any(shares_rows(other.model, ref.model) for other in self.units)):
                    continue
                pointing = ref.rows_to_any(unit.rows)
                deleted = [p for other in self.units if shares_rows(other.model, ref.model)
                           for p in pointing.filter(pk__in=other.rows.order_by().values("pk"))
                           .values_list("pk", flat=True)]
                if deleted:  # the pks first: MariaDB updates no table it reads meanwhile
                    ref.model._base_manager.using(self.using).filter(pk__in=deleted).update(
                        **{field.attname: None})

    def execute(self, delete: Callable[[], Any] | None = None) -> tuple[int, dict[str, int]]:
        """Delete as planned: lock the rows, check (one query), act, delete; atomic.

        ``delete``: Django's delete of the row when another ``delete()`` comes
        between ours and Django's (a Lino site); else Django's collector deletes.
        The check is asked anew under the lock. ``DeleteVetoed``: nothing deleted.
        """
        try:
            with transaction.atomic(using=self.using):
                self.lock_and_check()
                deleted = self.act()
                origin = self.row if self.row is not None else self.rows
                if delete is not None:
                    result = _marked(origin, self, delete)
                    deleted.update(result[1] if isinstance(result, tuple) else {})
                else:
                    objs = [self.row] if self.row is not None else self.rows
                    deleted.update(self._collect(objs, origin, self.keep_parents))
                return sum(deleted.values()), dict(deleted)
        except (ProtectedError, RestrictedError) as exc:
            raise_vetoed(exc)

    def _collect(self, objs, origin, keep_parents: bool = False) -> Counter:
        """Django's collector deleting ``objs`` (a queryset, or the plan's row)."""
        collector = PlanCollector(self, origin)
        collector.collect(objs, keep_parents=keep_parents)
        return Counter(_marked(origin, self, collector.delete)[1])

    def enforce(self) -> None:
        """What a plan adds to a delete Django runs itself: the lock, the veto, the acts."""
        self.lock_and_check()
        self.act()


class PlanCollector(Collector):
    """Django's collector run by a plan: the rows the plan deletes never protect."""

    def __init__(self, plan: DeletePlan, origin: Any):
        super().__init__(using=plan.using, origin=origin)
        self.plan = plan

    def related_objects(self, related_model, related_fields, objs):
        rows = super().related_objects(related_model, related_fields, objs)
        protecting = (models.PROTECT, models.RESTRICT)
        if any(f.remote_field.on_delete in protecting for f in related_fields):
            rows = self.plan.without_deleted(rows)
        return rows


# -- one compiled check query per model ----------------------------------------------


def with_pk(obj: models.Model, pk: int) -> models.Model:
    """A copy of ``obj`` with primary key ``pk`` (that of the row and of each MTI ancestor)."""
    stand_in = copy.copy(obj)
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            setattr(stand_in, field.attname, pk)
    return stand_in


def plan_signature(models_: tuple) -> tuple:
    """What a plan depends on besides its models' structure: each reference to them,
    its policy (a test may change it) and its constants (a GFK's content type)."""
    return tuple((ref, ref.policy, *ref.constants) for m in models_ for ref in references_to(m))


class CompiledChecks(NamedTuple):
    """The check query of a row's plan, valid for every row of its model."""

    bind: Callable[[Any], tuple[str, list] | None]  # the query for a primary key
    keys: tuple[CheckKey, ...]
    deleted_models: frozenset
    shaped_by: tuple  # the models whose references shaped the query
    signature: tuple  # ``plan_signature(shaped_by)`` when compiled

    def holds(self) -> bool:
        return plan_signature(self.shaped_by) == self.signature

    counts: dict  # check index -> the query counting its rows for a key (the veto's)

    def run(self, pk: int, db: str) -> list[int]:
        """The answers of the checks without a gate (the first query)."""
        size = sum(1 for key in self.keys if key.gate is None)
        return run_count_query(self.bind(pk), size, db)

    def count(self, i: int, plan: DeletePlan, pk: int) -> list[int]:
        """What the veto counts for check ``i`` of the row ``pk``, by a query compiled
        on first use (None: not reusable, compiled each time)."""
        if i not in self.counts:

            def query_for(key: int) -> tuple[str, list] | None:
                stand_in = _stand_in(plan, key)
                referring = stand_in._referring(i, stand_in.row)
                return count_query([referring], plan.using, VETO_COUNT_LIMIT + 1)

            self.counts[i] = compile_per_pk(query_for)
        bind = self.counts[i]
        if bind is None:
            query = count_query([plan._referring(i, plan.row)], plan.using, VETO_COUNT_LIMIT + 1)
        else:
            query = bind(pk)
        return run_count_query(query, 1, plan.using)


#: ``CompiledChecks`` per (database, model, keep_parents, hook), or False where the
#: query cannot be reused (it depends on the row, not only on its primary key).
_compiled: dict = {}


def _compiled_checks(plan: DeletePlan) -> CompiledChecks | None:
    row = plan.row
    if not plan.reusable or not isinstance(row.pk, int):
        return None
    key = (plan.using, type(row), plan.keep_parents, plan.hook, plan.cascade)
    compiled = _compiled.get(key)
    if compiled is None or (compiled and not compiled.holds()):
        _compiled[key] = False  # while compiling, the plan asks its own units
        compiled = _compiled[key] = _compile(plan)
    return compiled or None


def _compile(plan: DeletePlan) -> CompiledChecks | bool:
    if not plan.lazy:
        return False
    row, db = plan.row, plan.using
    bind = compile_per_pk(lambda pk: count_query(
        [c.rows for c in _stand_in(plan, pk).checks if c.gate is None], db, 1))
    if bind is None:
        return False
    deleted = frozenset(m for u in plan.units for m in concrete_family(u.model))
    keys = check_keys(plan)
    shaped_by = tuple(deleted) if plan.cascade else (type(row),)
    return CompiledChecks(bind, keys, deleted, shaped_by, plan_signature(shaped_by), {})


def _stand_in(plan: DeletePlan, pk: int) -> DeletePlan:
    """``plan`` for a row of the same model with key ``pk`` (to compile its SQL once)."""
    return DeletePlan.for_row(with_pk(plan.row, pk), plan.using, plan.keep_parents, plan.hook,
                              plan.cascade)


# -- the entry points ---------------------------------------------------------------


def deletable(qs: models.QuerySet) -> models.QuerySet:
    """``qs`` ready to be deleted as Django's ``QuerySet.delete()`` makes it (no order,
    no joins, the database for writing); Django's refusals of what it cannot delete."""
    if qs.query.is_sliced:
        raise TypeError("Cannot use 'limit' or 'offset' with delete().")
    if qs.query.distinct_fields:
        raise TypeError("Cannot call delete() after .distinct(*fields).")
    if qs._fields is not None:
        raise TypeError("Cannot call delete() after .values() or .values_list()")
    qs._not_support_combined_queries("delete")
    rows = qs._chain()
    rows._for_write = True
    rows.query.select_for_update = False
    rows.query.select_related = False
    rows.query.clear_ordering(force=True)
    return rows


def delete_queryset(qs: models.QuerySet) -> tuple[int, dict[str, int]]:
    """Delete the rows of ``qs`` through their :class:`DeletePlan`; atomic (our
    ``QuerySet.delete()``)."""
    result = DeletePlan(qs).execute()
    qs._result_cache = None
    return result


def delete_object(
    obj: models.Model,
    delete: Callable[[], Any] | None = None,
    using: str | None = None,
    keep_parents: bool = False,
) -> Any:
    """Delete the row ``obj`` through its :class:`DeletePlan` (our ``Model.delete()``);
    ``delete``: another ``delete()`` between ours and Django's (Lino's), else None."""
    if obj.pk is None:
        raise ValueError(
            f"{obj._meta.object_name} object can't be deleted because its "
            f"{obj._meta.pk.attname} attribute is set to None."
        )
    plan = DeletePlan.for_row(obj, using, keep_parents, hook=not keep_parents)
    return plan.execute(delete)


# -- deletes that Django runs without a plan ------------------------------------------

_MARK = "_lino_delete_plan"


class _Mark(NamedTuple):
    plan: DeletePlan
    block: Any  # the atomic block of the delete: the mark holds inside it only


def _marked(origin: Any, plan: DeletePlan, delete: Callable[[], Any]) -> Any:
    """``delete()`` with ``origin`` marked as deleted by ``plan``."""
    previous = getattr(origin, _MARK, None)
    setattr(origin, _MARK, _Mark(plan, _current_block(plan.using)))
    try:
        return delete()
    finally:
        setattr(origin, _MARK, previous)


def _current_block(using: str) -> Any:
    blocks = connections[using].atomic_blocks  # Django's stack of atomic() blocks
    return blocks[-1] if blocks else None


def _running_plan(origin: Any, using: str) -> DeletePlan | None:
    mark = getattr(origin, _MARK, None)
    if mark is None or mark.block is None:
        return None
    if not any(block is mark.block for block in connections[using].atomic_blocks):
        return None  # a mark left by an earlier delete of the same origin
    return mark.plan


def _origin_rows(origin: Any, using: str) -> models.QuerySet | None:
    if isinstance(origin, models.QuerySet):
        return origin.using(using)
    if isinstance(origin, models.Model) and origin.pk is not None:
        return type(origin)._base_manager.db_manager(using).filter(pk=origin.pk)
    return None


def hold_delete_policy(
    sender: type[models.Model], instance: models.Model, using: str, origin: Any = None,
    **kwargs: Any,
) -> None:
    """``pre_delete``: the policy for a delete Django runs without a plan of ours.

    A delete a plan runs is recognised by its ``origin`` (marked) and left
    alone. Otherwise the plan of the whole ``origin`` (the queryset or row the
    delete started from) runs once, at its first row: lock, veto (``DeleteVetoed``,
    nothing is deleted), GFK cascade and clear; then every other row of that
    delete is recognised. A row the origin's plan does not foresee (or no
    origin: a bare ``Collector``) gets a plan of its own.
    """
    plan = _running_plan(origin, using)
    if plan is None and (rows := _origin_rows(origin, using)) is not None:
        plan = DeletePlan(rows)
        setattr(origin, _MARK, _Mark(plan, _current_block(using)))
        try:
            plan.enforce()
        except DeleteVetoed:
            setattr(origin, _MARK, None)
            raise
    if plan is not None and plan.covers(sender):
        return
    DeletePlan(sender._base_manager.db_manager(using).filter(pk=instance.pk)).enforce()


def hidden_policy(model: type[models.Model]) -> bool:
    """Whether deleting rows of ``model`` needs more than Django knows: a reference we
    enforce (a GFK) points to them, or the model answers with ``disable_delete()``."""
    return has_hook(model) or any(ref.enforced_by_us for ref in references_to(model))


def deletes_through_plan(model: type[models.Model]) -> bool:
    """Whether every manager of ``model`` (its base manager too) deletes through a plan."""
    meta = model._meta
    return is_ours(model) and all(keeps_policy(m) for m in (*meta.managers, meta.base_manager))


def receiver_senders() -> list[type[models.Model]]:
    """The models for which :func:`hold_delete_policy` is connected (read at start-up):
    those whose rows Django may delete without a plan (they do not
    :func:`deletes_through_plan`: plain models, ours with a manager that is not ours)
    where that delete reaches, by Django's cascade, rows with a :func:`hidden_policy`.
    The receiver at the first row runs the plan of the whole delete, so the rows
    reached need none: every other model keeps Django's fast delete."""
    concrete = [m for m in apps.get_models() if not m._meta.proxy]
    return [
        door
        for door in concrete
        if not deletes_through_plan(door)
        and any(hidden_policy(unit.model) for unit in
                walk(door._base_manager.none(), follow=django_cascades, mode=MODELS))
    ]


def connect_delete_receivers() -> None:
    """Connect :func:`hold_delete_policy` for :func:`receiver_senders` (``ready()``;
    again when a reference provider is registered)."""
    for sender in receiver_senders():
        pre_delete.connect(hold_delete_policy, sender=sender, dispatch_uid="lino.delete_policy")


def protected_rows(qs: models.QuerySet) -> models.QuerySet:
    """The rows of ``qs`` that a protecting reference points to (a delete of them is
    vetoed), as one lazy queryset: rows of ``qs`` itself, or of its MTI children.
    The recompute of summaries keeps them (``lino_summaries``)."""
    condition = models.Q()
    families = [(qs, references_to(qs.model))]
    for child, _ in mti_descendants(qs.model._meta.concrete_model):
        rows = child._base_manager.using(qs.db).filter(pk__in=qs.order_by().values("pk"))
        families.append((rows, own_references(child)))
    for rows, refs in families:
        for ref in refs:
            if ref.policy == PROTECT:
                condition |= models.Q(pk__in=ref.pointed_to(rows).values("pk"))
    return qs.filter(condition) if condition else qs.none()


# -- names of the previous main, kept for two minor releases --------------------


def _removed(name: str, instead: str) -> None:
    import warnings

    from lino_core_model.deprecation import RemovedInLinoApps04Warning

    warnings.warn(
        f"lino_core_model.deletion.{name} is deprecated and will be removed in lino-apps"
        f" 0.4: use {instead}.", RemovedInLinoApps04Warning, stacklevel=3)


def veto_for(obj: models.Model) -> str | None:
    """Deprecated: ``DeletePlan.for_row(obj, hook=False).veto``."""
    _removed("veto_for", "DeletePlan.for_row(obj).veto")
    return DeletePlan.for_row(obj, hook=False).veto


def veto_for_queryset(qs: models.QuerySet) -> str | None:
    """Deprecated: ``DeletePlan(qs).veto``."""
    _removed("veto_for_queryset", "DeletePlan(qs).veto")
    return DeletePlan(qs).veto


def veto_count(rows: models.QuerySet) -> int:
    """Deprecated: the number of ``rows``, counted up to ``VETO_COUNT_LIMIT + 1``."""
    _removed("veto_count", "DeletePlan(qs).counts()")
    return count_rows([rows], rows.db, VETO_COUNT_LIMIT + 1)[0]


def is_handled(model: type[models.Model]) -> bool:
    """Deprecated, always False: a plan marks the delete it runs (Django's ``origin``);
    no ContextVar says which models a delete handles."""
    _removed("is_handled", "the pre_delete receiver of lino_core_model.deletion")
    return False
