"""``check_summaries()``: recompute the summaries of some or all summary models."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from .engine import Progress, SummariesSkipped, count_units, is_master_less, recompute
from .mixins import Summarized
from .registry import all_summary_models

__all__ = ["ProgressFactory", "check_summaries"]

#: Called with a summary model and its number of units; returns the ``progress``
#: callback of that model's run.
ProgressFactory = Callable[[type[Summarized], int], Progress]


def check_summaries(
    models: Iterable[type[Summarized]] | None = None,
    master: Any = None,
    chunk_size: int | None = None,
    progress_factory: ProgressFactory | None = None,
    on_kept: Callable[[list[models.Model]], None] | None = None,
) -> list[type[Summarized]]:
    """Recompute ``models`` (default: every summary model) and return those done.

    ``master`` (a primary key) limits the run to that master's summaries, which
    leaves out the summaries without master. ``progress_factory(model, total)``
    returns the ``progress`` callback of each model's run. Units skipped after
    repeated lock conflicts do not stop the run: it raises
    :class:`~lino_summaries.engine.SummariesSkipped` at its end. ``on_kept(rows)``
    is called with the rows that ``delete_them_all`` kept because other rows refer
    to them (recomputed in place, see :mod:`lino_summaries.engine`), if any.
    """
    done, skipped, kept = [], [], []
    for model in all_summary_models() if models is None else models:
        masters = None
        if master is not None:
            if is_master_less(model):
                continue
            masters = model.get_summary_masters().filter(pk=master)
        progress = None
        if progress_factory is not None:
            progress = progress_factory(model, count_units(model, masters))
        try:
            kept += recompute(model, masters, chunk_size=chunk_size, progress=progress)
        except SummariesSkipped as exc:
            skipped += exc.skipped
            continue
        done.append(model)
    if kept and on_kept is not None:
        on_kept(kept)
    if skipped:
        raise SummariesSkipped(skipped)
    return done
