"""The model mixins: ``Summarized``, ``SlaveSummarized``, ``DateSummarized``
(alias ``MonthlySummarized``) and ``MonthlySlaveSummary``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_core_model.changes import ChangeWatcher
from lino_core_model.models import Model

from .aggregates import SummaryAggregate, aggregate_expressions
from .periods import date_lookups, get_summary_periods

__all__ = [
    "DateSummarized",
    "MonthlySlaveSummary",
    "MonthlySummarized",
    "SlaveSummarized",
    "Summarized",
]


class class_or_instance_method:
    """A method that receives the class when called on the class, else the instance."""

    def __init__(self, func: Callable) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, obj: Any, owner: type) -> Callable:
        return partial(self.func, owner if obj is None else obj)


class Summarized(Model):
    """A model with summary fields: database fields computed from other tables.

    Declare aggregates in ``summary_aggregates`` (the set-based fast path) and/or
    yield ``(collector, queryset)`` pairs from ``get_summary_collectors()``.
    """

    #: All rows are volatile: ``checksummaries`` deletes and recreates them (a row
    #: that another row refers to is kept and recomputed in place, see ``engine``).
    delete_them_all: bool = False
    #: ``{field name: SummaryAggregate}``: fields recomputed by one ``UPDATE``.
    summary_aggregates: dict[str, SummaryAggregate] = {}

    class Meta:
        abstract = True

    @classmethod
    def get_master_lookup(cls) -> str:
        """The field of a summary row naming its master (the row itself here)."""
        return "pk"

    @classmethod
    def get_summary_master_model(cls) -> type[models.Model]:
        return cls

    @classmethod
    def get_summary_masters(cls) -> models.QuerySet:
        """The masters whose summaries ``checksummaries`` computes."""
        return cls.get_summary_master_model()._default_manager.all()

    @classmethod
    def uses_collectors(cls) -> bool:
        """Whether rows need the per-row collector API (it is overridden)."""
        return cls.get_summary_collectors is not Summarized.get_summary_collectors

    @classmethod
    def get_summary_periods(cls) -> Iterator[tuple[int | None, int | None]]:
        """The ``(year, month)`` of the rows per master: one row, no period."""
        yield (None, None)

    @classmethod
    def has_row_per_period(cls) -> bool:
        """Whether rows are created per master and period (rather than being the masters)."""
        return False

    def reset_summary_data(self) -> None:
        """Set the summary fields to their empty value (0 for counts and sums)."""
        for name, agg in self.summary_aggregates.items():
            setattr(self, name, agg.empty_value())

    def get_summary_collectors(self) -> Iterable[tuple[Callable[[Any], None], Iterable]]:
        """``(collector, queryset)`` pairs: ``collector(obj)`` is called for each ``obj``."""
        return ()

    @class_or_instance_method
    def compute_summary_values(self_or_cls: Any) -> None:
        """On the class: recompute every row. On a row: reset, aggregate, collect, save.

        The row saves only its summary fields (the aggregates' and those that
        ``reset_summary_data`` and the collectors changed): a field written
        meanwhile by another writer (a state, a name) keeps its new value.
        """
        if isinstance(self_or_cls, type):
            from .engine import recompute

            recompute(self_or_cls)
            return
        self = self_or_cls
        before = ChangeWatcher(self)
        self.reset_summary_data()
        expressions = aggregate_expressions(type(self))
        if expressions:
            aliased = {f"_summary_{name}": expr for name, expr in expressions.items()}
            values = type(self)._default_manager.filter(pk=self.pk).values(**aliased).get()
            for name in expressions:
                setattr(self, name, values[f"_summary_{name}"])
        for collector, rows in self.get_summary_collectors():
            for obj in rows:
                collector(obj)
        changed = {attname for attname, _old, _new in before.get_updates()}
        fields = [
            f.name
            for f in self._meta.concrete_fields
            if f.attname in changed or f.name in expressions
        ]
        if fields:
            self.save(update_fields=fields)

    @classmethod
    def update_for_filter(cls, **flt: Any) -> None:
        """Recompute the summaries of the masters selected by ``flt``.

        ``flt`` holds lookups on the masters; as in Lino, ``master=obj`` (and
        ``master__<lookup>``) may name them through the summary's ``master`` field.
        """
        from .engine import recompute

        lookups = dict(_master_lookup(key, value) for key, value in flt.items())
        recompute(cls, masters=cls.get_summary_masters().filter(**lookups))


def _master_lookup(key: str, value: Any) -> tuple[str, Any]:
    if key == "master":
        return "pk", getattr(value, "pk", value)
    return key.removeprefix("master__"), value


class SlaveSummarized(Summarized):
    """Summary rows of a master: the concrete model defines a foreign key ``master``."""

    allow_cascaded_delete = "master"
    allow_cascaded_copy = frozenset()
    summary_of_slaves = True
    recomputed_on_merge = True  # a merge deletes the merged master's rows (never moves them)
    derived_rows = True  # computed: no owner of a note, no addition by hand

    class Meta:
        abstract = True

    @classmethod
    def get_master_lookup(cls) -> str:
        return "master"

    @classmethod
    def get_summary_master_model(cls) -> type[models.Model]:
        try:
            return cls._meta.get_field("master").related_model
        except FieldDoesNotExist:
            raise ImproperlyConfigured(
                f"{cls._meta.label} is a SlaveSummarized without a foreign key 'master'."
            )

    @classmethod
    def has_row_per_period(cls) -> bool:
        return True


class DateSummarized(Summarized):
    """Rows per period: ``summary_period`` is yearly, monthly, weekly (ISO) or timeless."""

    summary_period: str = "monthly"
    summary_by_date = True
    derived_rows = True  # the rows are periods computed from other tables

    year = models.IntegerField(_("Year"), null=True, blank=True, editable=False)
    month = models.IntegerField(_("Month"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def get_summary_periods(cls) -> Iterator[tuple[int | None, int | None]]:
        return get_summary_periods(cls.summary_period)

    @classmethod
    def has_row_per_period(cls) -> bool:
        return True

    def add_date_filter(self, qs: models.QuerySet, fieldname: str) -> models.QuerySet:
        """``qs`` restricted to rows whose date ``fieldname`` lies in this row's period."""
        return qs.filter(**date_lookups(self.summary_period, fieldname, self.year, self.month))


MonthlySummarized = DateSummarized


class MonthlySlaveSummary(DateSummarized, SlaveSummarized):
    """Rows per master and period; one row per (master, year, month), in the database.

    A concrete model that declares its own ``Meta`` extends ``MonthlySlaveSummary.Meta``
    to keep the unique constraint.
    """

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["master", "year", "month"], name="%(app_label)s_%(class)s_one_per_period"
            ),
        ]
