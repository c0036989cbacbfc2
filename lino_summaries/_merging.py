"""Summaries are volatile on merge: the merged row's summary rows are deleted (not
moved, which would break "one row per master and period"; the merge does it, as
``SlaveSummarized.recomputed_on_merge`` says), and the target's summaries are
recomputed once the merge is committed (Lino left them stale)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from lino_core_model.deletion import DeletePlan

from .engine import recompute
from .mixins import SlaveSummarized

__all__: list[str] = []


def on_pre_merge(sender: Any, **kwargs: Any) -> None:
    """``pre_merge`` receiver (``sender`` is the ``MergePlan``)."""
    from .registry import get_summary_models

    source, target = sender.source, sender.target
    for model in get_summary_models().get(type(source)._meta.concrete_model, []):
        if not issubclass(model, SlaveSummarized):
            continue
        DeletePlan(model._default_manager.filter(master=source)).execute()  # the policy's plan
        masters = type(target)._default_manager.filter(pk=target.pk)
        transaction.on_commit(partial(recompute, model, masters))
