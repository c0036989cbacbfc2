"""Recomputing the summaries of one summary model, set-based and atomic.

A *unit* is what is recomputed atomically: a chunk of masters for the
declarative path (delete, insert missing rows, one ``UPDATE`` with aggregate
subqueries: a bounded number of statements per chunk, none per master), one
master for the collector path (``compute_summary_values()`` on each of its rows).
An exception leaves the units not yet committed as they were before the run.

A unit first locks its masters (``lino_core_model.locks``, in primary key
order, the order every operation of ours follows), so that it never deadlocks
with a merge, a delete, a state change or a primary-coach switch. A unit that
still fails on a lock conflict (a deadlock with some other code, a lock wait
timeout) is retried up to ``LINO_SUMMARIES_RETRIES`` times; a unit that keeps
failing is skipped, the others are done, and the run then raises
:class:`SummariesSkipped` naming what it skipped.

``delete_them_all`` deletes the rows of a unit and creates them again, except a
row that another row refers to through a protecting reference (a note owned by
a user statistic, stored before ``lino_gfks`` refused derived owners, or a
foreign key of another app): that row is kept and recomputed in place like the
new ones, so that the reference keeps its row, nothing is deleted that a user
wrote, and every statistic is right. :func:`recompute` returns the kept rows
(:func:`kept_message` says it) and logs them; a row kept for a period that is no
longer computed keeps its period (and its recomputed values).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lino_core_model.deletion import delete_queryset, protected_rows
from lino_core_model.locks import is_lock_conflict, lock_for_delete, lock_for_write

from ._rows import create_missing_rows
from .aggregates import aggregate_expressions
from .conf import app_settings

if TYPE_CHECKING:  # the mixins call the engine: no import back
    from .mixins import Summarized

__all__ = ["SummariesSkipped", "kept_message"]

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]

#: How many kept rows :func:`kept_message` names (it counts them all).
KEPT_NAMED = 10


class SummariesSkipped(ValidationError):
    """Some units of a run kept failing on lock conflicts and were skipped; the
    others were done. ``skipped`` lists ``(model, first master pk, last master pk,
    error)`` (the pks None for a unit of all masters)."""

    def __init__(self, skipped: list[tuple[type[Summarized], Any, Any, str]]) -> None:
        self.skipped = skipped
        parts = [
            _("%(model)s (masters %(first)s..%(last)s): %(error)s")
            % {"model": m._meta.label, "first": a, "last": b, "error": e}
            for m, a, b, e in skipped
        ]
        super().__init__(
            _("Skipped %(count)d summary units after repeated lock conflicts: %(units)s")
            % {"count": len(skipped), "units": "; ".join(parts)}
        )


def kept_message(rows: list[models.Model]) -> str:
    """What a run says of the ``rows`` it kept (see the module docstring)."""
    named = ", ".join(f"{row._meta.verbose_name} #{row.pk} ({row})" for row in rows[:KEPT_NAMED])
    if len(rows) > KEPT_NAMED:
        named += ", ..."
    return ngettext(
        "Kept %(count)d summary row that another row refers to; it was recomputed in "
        "place: %(rows)s.",
        "Kept %(count)d summary rows that other rows refer to; they were recomputed in "
        "place: %(rows)s.",
        len(rows),
    ) % {"count": len(rows), "rows": named}


def is_of_slaves(model: type[Summarized]) -> bool:
    """Whether the rows of ``model`` are a master's (a ``SlaveSummarized``), not the
    masters themselves (a model with summary fields of its own)."""
    return getattr(model, "summary_of_slaves", False)


def is_master_less(model: type[Summarized]) -> bool:
    """A dated summary without master: its rows are only periods (Lino's userstats)."""
    return getattr(model, "summary_by_date", False) and not is_of_slaves(model)


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
) -> list[models.Model]:
    """Recompute the summaries of ``masters`` (default: all) of ``model``; return the
    rows that ``delete_them_all`` kept (see the module docstring).

    ``chunk_size`` masters share a transaction on the declarative path (None: all
    in one). ``progress(n)`` is called after each ``n`` units done.
    """
    report = progress or (lambda n: None)
    skipped: list = []
    kept: list = []
    if is_master_less(model):
        kept += _run_unit(model, None, skipped)
        report(1)
    else:
        if masters is None:
            masters = model.get_summary_masters()
        if model.uses_collectors():
            for pk in masters.order_by("pk").values_list("pk", flat=True).iterator():
                one = masters.model._default_manager.filter(pk=pk)
                kept += _run_unit(model, one, skipped, pk, pk)
                report(1)
        else:
            for chunk, size, first, last in _chunks(masters, chunk_size):
                kept += _run_unit(model, chunk, skipped, first, last)
                if progress is not None:
                    progress(size if size is not None else count_units(model, masters))
    if kept:
        logger.warning("%s", kept_message(kept))
    if skipped:
        raise SummariesSkipped(skipped)
    return kept


def _run_unit(
    model: type[Summarized],
    masters: models.QuerySet | None,
    skipped: list,
    first: Any = None,
    last: Any = None,
) -> list[models.Model]:
    """Recompute one unit in its own transaction, retried on lock conflicts; append
    it to ``skipped`` when it still fails. Return the rows it kept."""
    retries = app_settings.RETRIES
    for attempt in range(retries + 1):
        try:
            with transaction.atomic(using=model._default_manager.db):
                return _recompute_rows(model, masters)
        except DatabaseError as exc:
            if not is_lock_conflict(exc):
                raise
            if attempt == retries:
                skipped.append((model, first, last, str(exc).strip()))
                return []
            time.sleep(random.uniform(0, 0.05 * 2**attempt))  # let the other side finish


def _chunks(
    masters: models.QuerySet, chunk_size: int | None
) -> Iterator[tuple[models.QuerySet, int | None, Any, Any]]:
    """``masters`` cut into pk ranges of ``chunk_size``: each with its size and first
    and last pk (None: one piece)."""
    if not chunk_size:
        yield masters, None, None, None
        return
    pks = list(masters.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk_size):
        part = pks[start : start + chunk_size]
        yield masters.filter(pk__gte=part[0], pk__lte=part[-1]), len(part), part[0], part[-1]


def _recompute_rows(model: type[Summarized], masters: models.QuerySet | None) -> list:
    if masters is not None and not is_of_slaves(model):
        # First, in primary key order (the lock order): the masters whose rows this
        # unit updates (slave summaries have rows of their own, locked by the delete).
        lock_for_write(masters.model, masters.values("pk"), masters.db)
    rows = _rows_of(model, masters)
    kept = _replace_rows(rows) if model.delete_them_all else []
    if model.has_row_per_period():
        create_missing_rows(model, masters)  # not for the periods of the kept rows
    if model.uses_collectors():
        for row in rows:
            row.compute_summary_values()
        return kept
    expressions = aggregate_expressions(model)
    if expressions:
        rows.update(**expressions)  # the kept rows too
    return kept


def _replace_rows(rows: models.QuerySet) -> list[models.Model]:
    """Delete ``rows`` but those a protecting reference points to; return these.

    Through the delete policy, set-based (``lino_core_model.deletion``):
    a reference that cascades or clears does so, as when the row is deleted by hand.
    The rows are locked first, so that a reference added meanwhile is seen.
    """
    lock_for_delete(rows.model, rows.values("pk"), rows.db)
    kept = list(protected_rows(rows).order_by("pk"))
    delete_queryset(rows.exclude(pk__in=[row.pk for row in kept]))
    return kept


def _rows_of(model: type[Summarized], masters: models.QuerySet | None) -> models.QuerySet:
    rows = model._default_manager.all()
    if masters is None:
        return rows
    return rows.filter(**{f"{model.get_master_lookup()}__in": masters.values("pk")})
