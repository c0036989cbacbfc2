"""Creating the missing summary rows of dated and slave summaries, set-based.

One ``INSERT ... SELECT`` per period inserts a row for every master that lacks
one, so the number of statements depends on the periods, never on the masters.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Cast

__all__: list[str] = []


def initial_values(model: type[models.Model]) -> dict[str, Any]:
    """The values of a new summary row besides ``master``, ``year`` and ``month``."""
    skip = {"master", "year", "month"}
    values = {
        f.name: f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in skip
    }
    for name, agg in model.summary_aggregates.items():
        values[name] = agg.empty_value()
    return values


def create_missing_rows(model: type[models.Model], masters: models.QuerySet | None) -> None:
    """Insert the rows of ``masters`` (None: a summary without master) for each period."""
    for year, month in model.get_summary_periods():
        period = {"year": year, "month": month} if getattr(model, "summary_by_date", False) else {}
        if masters is None:
            if not model._default_manager.filter(**period).exists():
                model._default_manager.bulk_create([model(**period, **initial_values(model))])
            continue
        _insert_select(model, masters, period)


def _insert_select(model: type[models.Model], masters: models.QuerySet,
                   period: dict[str, Any]) -> None:
    existing = model._default_manager.filter(master=OuterRef("pk"), **period)
    values = {**period, **initial_values(model)}
    constants = {
        f"_c{i}": Cast(Value(value), model._meta.get_field(name))
        for i, (name, value) in enumerate(values.items())
    }
    select = (
        masters.order_by().filter(~Exists(existing))
        .annotate(**constants).values_list("pk", *constants)
    )
    sql, params = select.query.sql_with_params()
    connection = connections[model._default_manager.db]
    qn = connection.ops.quote_name
    columns = [model._meta.get_field("master").column]
    columns += [model._meta.get_field(name).column for name in values]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(map(qn, columns))}) {sql}",
            params,
        )
