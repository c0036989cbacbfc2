"""Ids beyond the database's integer range find no row, through relations too.

Django makes an ``IntegerField`` lookup with an out-of-range value match no
row; the lookups of a foreign key, and so of the primary key of a multi-table
child (its parent link), pass the value on, and SQLite fails with
``OverflowError``: ``/admin/avanti/client/<huge id>/change/`` answered 500 where
the page of a partner says the row does not exist. :func:`register_range_lookups`
gives the relation fields of our models an ``exact`` and an ``in`` lookup, and
their integer primary keys an ``in`` lookup, that leave such values out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In

__all__: list[str] = []


def out_of_range(field: models.Field, value: Any, connection: Any) -> bool:
    """Whether no row can have ``value`` in ``field`` (an integer column or a relation)."""
    while field.is_relation:
        field = field.target_field
    limits = connection.ops.integer_field_ranges.get(field.get_internal_type())
    if limits is None or not isinstance(value, int):
        return False
    low, high = limits
    return (low is not None and value < low) or (high is not None and value > high)


class ExactInRange(RelatedExact):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if out_of_range(self.lhs.output_field, self.rhs, connection):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class _InRangeMixin:
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():  # an empty list raises EmptyResultSet
            field = self.lhs.output_field
            self.rhs = [v for v in self.rhs if not out_of_range(field, v, connection)]
        return super().process_rhs(compiler, connection)


class RelatedInInRange(_InRangeMixin, RelatedIn):
    """``fk__in=[...]``, the out-of-range ids dropped."""


class InInRange(_InRangeMixin, In):
    """``pk__in=[...]``, the out-of-range ids dropped."""


def register_range_lookups(model: type[models.Model]) -> None:
    """Give the single-column relation fields and the integer pk of ``model`` these lookups."""
    for field in model._meta.local_concrete_fields:
        if field.is_relation and not field.many_to_many:
            field.register_lookup(ExactInRange)
            field.register_lookup(RelatedInInRange)
        elif field.primary_key and isinstance(field, models.IntegerField):
            field.register_lookup(InInRange)
