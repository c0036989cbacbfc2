"""Data checkers: find (and where possible fix) problems in existing rows.

A checker is a :class:`Checker` subclass registered with ``@register`` in the
``checkers`` module of an installed app; those modules are imported lazily on
the first call to :func:`get_checkers`. :func:`check_data` runs checkers over
their rows in bounded chunks; ``manage.py checkdata [--fix]`` calls it.

This module does not store the problems found: :mod:`lino_checkdata.problems`
does, connected to :data:`problems_found` (as may any other receiver).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model, QuerySet
from django.dispatch import Signal
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from lino_core_model.deprecation import is_moved
from lino_core_model.utils import full_model_name

#: Sent after a row was checked by one checker (sender = the checker class,
#: keywords ``checker`` (the instance), ``obj``, ``problems`` (a list of
#: :class:`Problem`, empty when the row is fine: a storing app then clears the
#: messages it stored earlier for that row and checker) and ``fix``).
problems_found = Signal()

DEFAULT_CHUNK_SIZE = 1000

ModelSpec = type[Model] | str


@dataclass
class Problem:
    """One problem found by ``checker`` in ``obj``."""

    checker: Checker
    obj: Model
    message: str
    fixable: bool
    fixed: bool = False

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class CheckCount:
    """What one checker did during a :func:`check_data` run."""

    rows: int = 0
    problems: int = 0
    fixed: int = 0


@dataclass
class CheckResult:
    """The outcome of :func:`check_data`: counters per checker value."""

    by_checker: dict[str, CheckCount] = field(default_factory=dict)
    #: ``(model label, pk)`` of each row that has at least one problem.
    problem_rows: set[tuple[str, Any]] = field(default_factory=set)

    @property
    def rows(self) -> int:
        """Rows checked (a row checked by two checkers counts twice)."""
        return sum(c.rows for c in self.by_checker.values())

    @property
    def problems(self) -> int:
        return sum(c.problems for c in self.by_checker.values())

    @property
    def fixed(self) -> int:
        return sum(c.fixed for c in self.by_checker.values())

    def summary(self) -> str:
        """``Found N problems in M rows, fixed K.`` (M = rows having a problem)."""
        return _("Found %(problems)d problems in %(rows)d rows, fixed %(fixed)d.") % {
            "problems": self.problems,
            "rows": len(self.problem_rows),
            "fixed": self.fixed,
        }


class Checker:
    """Base class of a data checker.

    ``model`` is a model class, an ``"app_label.Model"`` label, or an abstract
    base class (then every top-level concrete model inheriting from it is
    checked). Subclasses override :meth:`get_checkdata_problems`.
    """

    verbose_name: Any = None
    model: ModelSpec | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE

    def __str__(self) -> str:
        return str(self.verbose_name or self.value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.value}>"

    @property
    def value(self) -> str:
        """``"<app_label>.<ClassName>"``, the app being the one defining the class.

        Outside of an installed app, the name of the module's package is used
        (Lino's rule). A subclass may set ``value`` to a plain string instead.
        """
        module = type(self).__module__
        app_config = apps.get_containing_app_config(module)
        label = app_config.label if app_config else module.rpartition(".")[0].rpartition(".")[2]
        return f"{label}.{type(self).__name__}"

    def get_checkdata_problems(
        self, ar: Any, obj: Model, fix: bool = False
    ) -> Iterable[tuple[bool, Any]]:
        """Yield ``(fixable, message)`` for each problem of ``obj``.

        When ``fix`` is True, repair each fixable problem (and save) before
        yielding it.
        """
        raise NotImplementedError(f"{type(self).__name__}.get_checkdata_problems()")

    def get_responsible_user(self, obj: Model) -> Any:
        """The user who should fix the problems of ``obj`` (None = nobody in particular)."""
        return None

    def get_checkable_models(self) -> list[type[Model]]:
        """The concrete models whose rows this checker examines."""
        model = self.model
        if model is None:
            raise ImproperlyConfigured(f"Checker {self.value} has no model.")
        if isinstance(model, str):
            try:
                model = apps.get_model(model)
            except (LookupError, ValueError) as exc:
                raise ImproperlyConfigured(
                    f"Checker {self.value}: invalid model {self.model!r} ({exc})"
                ) from exc
        if not model._meta.abstract:
            return [model]
        found = [m for m in apps.get_models() if issubclass(m, model)]
        # Only the top-level ones: an MTI child's rows are checked through its parent.
        return [m for m in found if not any(p in found for p in m._meta.get_parent_list())]

    def get_queryset(self, model: type[Model]) -> QuerySet:
        """The rows of ``model`` to check; override to narrow."""
        return model._default_manager.all()

    def check_instance(self, obj: Model, fix: bool = False, ar: Any = None) -> list[Problem]:
        """The problems of one row; with ``fix``, the repairs run in one transaction.

        Sends :data:`problems_found` (also when there are none).
        """
        if fix:
            with transaction.atomic(using=obj._state.db):
                problems = self._collect(ar, obj, fix)
        else:
            problems = self._collect(ar, obj, fix)
        problems_found.send(sender=type(self), checker=self, obj=obj, problems=problems, fix=fix)
        return problems

    def _collect(self, ar: Any, obj: Model, fix: bool) -> list[Problem]:
        return [
            Problem(self, obj, message, bool(fixable), fixed=bool(fix and fixable))
            for fixable, message in self.get_checkdata_problems(ar, obj, fix)
        ]


# -- registry -----------------------------------------------------------------

_registry: dict[type[Checker], Checker] = {}
_discovered = False


def register(checker_class: type[Checker]) -> type[Checker]:
    """Class decorator: make ``checker_class`` known to :func:`check_data` and the command."""
    if not (isinstance(checker_class, type) and issubclass(checker_class, Checker)):
        raise TypeError(f"{checker_class!r} is not a Checker subclass.")
    _registry[checker_class] = checker_class()
    return checker_class


def unregister(checker_class: type[Checker]) -> None:
    """Forget a registered checker (e.g. in tests)."""
    _registry.pop(checker_class, None)


def _discover() -> None:
    global _discovered
    if not _discovered:
        for app_config in apps.get_app_configs():
            # A moved path (``lino_core_model.checkers``) is a stand-in, not a checkers module.
            name = f"{app_config.name}.checkers"
            if module_has_submodule(app_config.module, "checkers") and not is_moved(name):
                import_module(name)
        _discovered = True


def get_checkers() -> list[Checker]:
    """Every registered checker, in registration order."""
    _discover()
    by_value: dict[str, Checker] = {}
    for checker in _registry.values():
        other = by_value.setdefault(checker.value, checker)
        if other is not checker:
            raise ImproperlyConfigured(
                f"Two checkers have the value {checker.value!r}: "
                f"{type(other).__module__} and {type(checker).__module__}."
            )
    return list(by_value.values())


def get_checker(value: str) -> Checker:
    """The registered checker with this ``value``; LookupError if there is none."""
    checkers = get_checkers()
    for checker in checkers:
        if checker.value == value:
            return checker
    known = ", ".join(sorted(c.value for c in checkers)) or "(none)"
    raise LookupError(f"No checker {value!r}. Registered checkers are: {known}")


def _resolve_checker(spec: type[Checker] | Checker | str) -> Checker:
    if isinstance(spec, str):
        return get_checker(spec)
    if isinstance(spec, type) and issubclass(spec, Checker):
        return _registry.get(spec) or spec()
    if isinstance(spec, Checker):
        return spec
    raise TypeError(f"{spec!r} is neither a checker nor a checker value.")


def _resolve_model(spec: ModelSpec) -> type[Model]:
    if isinstance(spec, str):
        return apps.get_model(spec)
    return spec


# -- running ------------------------------------------------------------------


def iter_rows(queryset: QuerySet, chunk_size: int) -> Iterator[Model]:
    """The rows of ``queryset`` by primary key, ``chunk_size`` rows per query.

    Keyset pages rather than ``.iterator()``: MySQL/MariaDB drivers buffer a
    whole ``iterator()`` result, and SQLite may skip or repeat rows when the
    table is written to during the iteration (which ``--fix`` does).
    """
    queryset = queryset.order_by("pk")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page[:chunk_size])
        yield from rows
        if len(rows) < chunk_size:
            return
        last = rows[-1].pk


def check_data(
    models: Iterable[ModelSpec] | None = None,
    checkers: Iterable[type[Checker] | Checker | str] | None = None,
    fix: bool = False,
    ar: Any = None,
    on_problem: Callable[[Problem], None] | None = None,
    chunk_size: int | None = None,
) -> CheckResult:
    """Run ``checkers`` (default: all registered) on the rows of ``models``
    (default: every checkable model of each checker).

    ``on_problem`` is called with each :class:`Problem` as it is found (the
    command prints it). With ``fix``, each row's repairs are atomic.
    """
    selected = [_resolve_checker(c) for c in checkers] if checkers is not None else get_checkers()
    only = {_resolve_model(m) for m in models} if models is not None else None
    result = CheckResult()
    for checker in selected:
        count = result.by_checker.setdefault(checker.value, CheckCount())
        for model in checker.get_checkable_models():
            if only is not None and model not in only:
                continue
            qs = checker.get_queryset(model)
            for obj in iter_rows(qs, chunk_size or checker.chunk_size):
                count.rows += 1
                for problem in checker.check_instance(obj, fix=fix, ar=ar):
                    count.problems += 1
                    count.fixed += problem.fixed
                    result.problem_rows.add((full_model_name(obj), obj.pk))
                    if on_problem is not None:
                        on_problem(problem)
    return result


__all__ = [
    "CheckCount",
    "CheckResult",
    "Checker",
    "Problem",
    "check_data",
    "get_checker",
    "get_checkers",
    "iter_rows",
    "problems_found",
    "register",
    "unregister",
]
