"""The daily run on Django's tasks framework (``django.tasks``; the ``django-tasks``
backport on Django 5.2): one task per chunk of masters of each summary model, so
that a backend with several workers runs the chunks in parallel.

Schedule ``manage.py checksummaries --enqueue`` daily (cron, a systemd timer, or
the scheduler of your tasks backend); the workers of the configured backend
(``LINO_SUMMARIES_TASK_BACKEND``) do the work.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from .conf import app_settings
from .engine import is_master_less
from .recompute import check_summaries
from .registry import all_summary_models

__all__ = ["check_summaries_chunk", "enqueue_daily_run"]

try:
    from django.tasks import task
except ImportError:  # Django < 6: the backport
    from django_tasks import task


@task()
def check_summaries_chunk(model_label: str, first_pk: Any = None, last_pk: Any = None) -> int:
    """Recompute ``model_label``'s summaries of the masters ``first_pk``..``last_pk``
    (None: all); return the number of masters."""
    model = apps.get_model(model_label)
    if is_master_less(model):
        check_summaries([model])
        return 1
    masters = model.get_summary_masters()
    if first_pk is not None:
        masters = masters.filter(pk__gte=first_pk, pk__lte=last_pk)
    model.update_for_filter(pk__in=masters.values("pk"))
    return masters.count()


def enqueue_daily_run(chunk_size: int | None = None) -> list[Any]:
    """Enqueue one :func:`check_summaries_chunk` task per chunk of masters; return the
    task results. Costs one query per summary model (the masters' primary keys)."""
    size = chunk_size or app_settings.CHUNK_SIZE
    runner = check_summaries_chunk.using(backend=app_settings.TASK_BACKEND)
    results = []
    for model in all_summary_models():
        label = model._meta.label
        if is_master_less(model):
            results.append(runner.enqueue(label))
            continue
        pks = list(model.get_summary_masters().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), size):
            part = pks[start : start + size]
            results.append(runner.enqueue(label, part[0], part[-1]))
    return results
