"""``SummaryAggregate``: a summary field declared as an aggregate over related rows.

The declarative fast path. A model lists its aggregate fields in
``summary_aggregates``; :func:`aggregate_expressions` turns them into one
correlated subquery per field, so that a single ``UPDATE ... SET f = (SELECT
agg ...)`` recomputes the fields of every row of a queryset, whatever its size.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Aggregate, Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .periods import date_lookups

__all__ = ["SummaryAggregate", "aggregate_expressions"]


class SummaryAggregate:
    """``aggregate`` (``Count``, ``Sum``, ``Min``, ``Max``) of the ``source`` rows whose
    ``link`` points to the summary's master, optionally ``filter``-ed and, in a dated
    summary, restricted to the row's period by ``date_field``."""

    def __init__(
        self,
        source: type[models.Model] | str,
        link: str,
        aggregate: Aggregate,
        filter: Q | None = None,
        date_field: str | None = None,
    ) -> None:
        self._source = source
        self.link = link
        self.aggregate = aggregate
        self.filter = filter
        self.date_field = date_field

    def __repr__(self) -> str:
        return f"<SummaryAggregate {self.aggregate!r} of {self.source._meta.label} by {self.link}>"

    @property
    def source(self) -> type[models.Model]:
        if isinstance(self._source, str):
            self._source = apps.get_model(self._source)
        return self._source

    def empty_value(self) -> Any:
        """The value when no row matches: 0 for counts and sums, None otherwise."""
        return 0 if isinstance(self.aggregate, (Count, Sum)) else None

    def expression(self, summary_model: type[models.Model], field: models.Field) -> Any:
        """The correlated subquery computing this value for each row of ``summary_model``."""
        lookups: dict[str, Any] = {self.link: OuterRef(summary_model.get_master_lookup())}
        if self.date_field:
            lookups.update(date_lookups(
                summary_model.summary_period, self.date_field, OuterRef("year"), OuterRef("month")
            ))
        qs = self.source._default_manager.filter(**lookups)
        if self.filter is not None:
            qs = qs.filter(self.filter)
        qs = qs.order_by().values(self.link).annotate(_value=self.aggregate).values("_value")
        subquery = Subquery(qs, output_field=field)
        empty = self.empty_value()
        if empty is None:
            return subquery
        return Coalesce(subquery, Value(empty, output_field=field), output_field=field)


def aggregate_expressions(summary_model: type[models.Model]) -> dict[str, Any]:
    """``{field name: subquery}`` for every declared aggregate of ``summary_model``."""
    return {
        name: agg.expression(summary_model, summary_model._meta.get_field(name))
        for name, agg in summary_model.summary_aggregates.items()
    }
