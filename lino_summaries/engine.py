"""Recomputing the summaries of one summary model, set-based and atomic.

A *unit* is what is recomputed atomically: a chunk of masters for the
declarative path (delete, insert missing rows, one ``UPDATE`` with aggregate
subqueries: a bounded number of statements per chunk, none per master), one
master for the collector path (``compute_summary_values()`` on each of its rows).
An exception leaves the units not yet committed as they were before the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import connections, models, transaction

from lino_core_model.deletion import delete_queryset
from lino_core_model.locks import UPDATE, lock_rows

from .aggregates import aggregate_expressions
from .mixins import DateSummarized, SlaveSummarized, Summarized
from .rows import create_missing_rows

Progress = Callable[[int], None]


def is_master_less(model: type[Summarized]) -> bool:
    """A dated summary without master: its rows are only periods (Lino's userstats)."""
    return issubclass(model, DateSummarized) and not issubclass(model, SlaveSummarized)


def count_units(model: type[Summarized], masters: models.QuerySet | None = None) -> int:
    """How many units :func:`recompute` reports to ``progress``."""
    if is_master_less(model):
        return 1
    return (model.get_summary_masters() if masters is None else masters).count()


def recompute(
    model: type[Summarized],
    masters: models.QuerySet | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> None:
    """Recompute the summaries of ``masters`` (default: all) of ``model``.

    ``chunk_size`` masters share a transaction on the declarative path (None: all
    in one). ``progress(n)`` is called after each ``n`` units done.
    """
    report = progress or (lambda n: None)
    if is_master_less(model):
        with transaction.atomic(using=model._default_manager.db):
            _recompute_rows(model, None)
        report(1)
        return
    if masters is None:
        masters = model.get_summary_masters()
    if model.uses_collectors():
        for master in masters.order_by("pk").iterator():
            with transaction.atomic(using=model._default_manager.db):
                _recompute_rows(model, masters.model._default_manager.filter(pk=master.pk))
            report(1)
        return
    for chunk, size in _chunks(masters, chunk_size):
        with transaction.atomic(using=model._default_manager.db):
            _recompute_rows(model, chunk)
        if progress is not None:
            progress(size if size is not None else count_units(model, masters))


def _chunks(
    masters: models.QuerySet, chunk_size: int | None
) -> Iterator[tuple[models.QuerySet, int | None]]:
    """``masters`` cut into pk ranges of ``chunk_size`` and their sizes (None: one piece)."""
    if not chunk_size:
        yield masters, None
        return
    pks = list(masters.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk_size):
        part = pks[start : start + chunk_size]
        yield masters.filter(pk__gte=part[0], pk__lte=part[-1]), len(part)


def _recompute_rows(model: type[Summarized], masters: models.QuerySet | None) -> None:
    if masters is not None and not issubclass(model, SlaveSummarized):
        _lock(masters)  # the rows this unit updates (slave summaries have rows of their own)
    rows = _rows_of(model, masters)
    if model.delete_them_all:
        # Through the delete policy, set-based (lino_core_model.deletion): a row that
        # points to a summary row vetoes (the unit is rolled back), or is deleted or
        # cleared with it, as when the row is deleted by hand.
        delete_queryset(rows)
    if model.has_row_per_period():
        create_missing_rows(model, masters)
    if model.uses_collectors():
        for row in rows:
            row.compute_summary_values()
        return
    expressions = aggregate_expressions(model)
    if expressions:
        rows.update(**expressions)


def _lock(masters: models.QuerySet) -> None:
    """Lock the masters in primary key order, as merge and delete do: no deadlock
    with them. On PostgreSQL ``FOR NO KEY UPDATE`` of the rows updated (a row
    pointing to one of them need not wait for the run); elsewhere through their
    MTI root rows, as merge and delete lock them (lino_core_model.locks)."""
    connection = connections[masters.db]
    if connection.features.has_select_for_no_key_update:
        list(masters.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    else:
        lock_rows(masters.model, masters.values("pk"), UPDATE, masters.db)


def _rows_of(model: type[Summarized], masters: models.QuerySet | None) -> models.QuerySet:
    rows = model._default_manager.all()
    if masters is None:
        return rows
    return rows.filter(**{f"{model.get_master_lookup()}__in": masters.values("pk")})
