"""``manage.py checksummaries [app_label.Model ...] [--master ID] [--enqueue]``."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lino_core_model.exceptions import DeleteVetoed
from lino_summaries._progress import ProgressBar
from lino_summaries.conf import app_settings
from lino_summaries.engine import Progress, SummariesSkipped, is_master_less, kept_message
from lino_summaries.mixins import Summarized
from lino_summaries.recompute import check_summaries
from lino_summaries.registry import all_summary_models, resolve_summary_models

TASKS_HINT = _(
    "checksummaries --enqueue needs Django's tasks framework: Django 6, or on Django 5.2 "
    "the 'tasks' extra (pip install 'lino-apps[tasks]'), and a TASKS setting naming the "
    "backend LINO_SUMMARIES_TASK_BACKEND (%(backend)r). Without --enqueue the run needs "
    "neither. (%(error)s)"
)


class Command(BaseCommand):
    help = (
        "Update the summary tables and fields. With no arguments all summaries, "
        "otherwise only those of the given models (app_label.Model). "
        "With --enqueue, hand the work to the tasks backend in chunks of masters "
        "instead (schedule 'checksummaries --enqueue' daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "models",
            nargs="*",
            metavar="app_label.Model",
            help="Summary models to update (default: all).",
        )
        parser.add_argument(
            "--master", metavar="ID", help="Update only the summaries of the master with this id."
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=None,
            help="Masters per transaction, or per task with --enqueue "
            "(default: all in one transaction; LINO_SUMMARIES_CHUNK_SIZE with --enqueue).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the daily run (all summaries) as tasks instead of running it.",
        )

    def handle(
        self,
        *args: Any,
        models: list[str],
        master: str | None,
        chunk_size: int | None,
        enqueue: bool,
        **options: Any,
    ) -> None:
        if chunk_size is not None and chunk_size <= 0:
            raise CommandError(
                _("--chunk-size must be a positive number of masters, not %(size)d.")
                % {"size": chunk_size}
            )
        if enqueue:
            self.enqueue(models, master, chunk_size)
            return
        try:
            selected = resolve_summary_models(models) if models else all_summary_models()
        except LookupError as exc:
            raise CommandError(exc.args[0])
        if master is not None:
            master = clean_master(selected, master)
        factory = self.progress_bar if self.stdout.isatty() else None
        started = time.monotonic()
        try:
            done = check_summaries(
                selected, master=master, chunk_size=chunk_size, progress_factory=factory,
                on_kept=self.report_kept,
            )
        except DeleteVetoed as exc:  # a row points to a summary row the run must delete
            raise CommandError(str(exc)) from exc
        except SummariesSkipped as exc:  # the rest is done; exit non-zero
            raise CommandError(exc.message) from exc
        seconds = time.monotonic() - started
        if options["verbosity"] > 1:
            for model in done:
                self.stdout.write(_("Updated %(model)s.") % {"model": model._meta.label})
        if options["verbosity"] > 0:
            rows = sum(summary_rows(model, master) for model in done)
            self.stdout.write(
                _("Updated %(models)s (%(rows)s) in %(seconds).2f seconds.")
                % {
                    "models": ngettext("%d summary model", "%d summary models", len(done))
                    % len(done),
                    "rows": ngettext("%d row", "%d rows", rows) % rows,
                    "seconds": seconds,
                }
            )

    def report_kept(self, rows: list) -> None:
        """Say on stderr which rows were kept (the run goes on: they are right)."""
        self.stderr.write(self.style.WARNING(kept_message(rows)))

    def enqueue(self, models: list[str], master: str | None, chunk_size: int | None) -> None:
        if models or master:
            raise CommandError(_("--enqueue runs all summaries: give no models or --master."))
        try:
            from lino_summaries.tasks import enqueue_daily_run

            results = enqueue_daily_run(chunk_size)
        except (ImportError, ImproperlyConfigured) as exc:
            raise CommandError(TASKS_HINT % {"backend": app_settings.TASK_BACKEND, "error": exc})
        self.stdout.write(
            _("Enqueued %(count)d tasks on backend %(backend)r.")
            % {"count": len(results), "backend": app_settings.TASK_BACKEND}
        )

    def progress_bar(self, model: type[Summarized], total: int) -> Progress:
        return ProgressBar(str(model._meta.verbose_name_plural), total, self.stdout)


def clean_master(models: Iterable[type[Summarized]], value: str) -> Any:
    """``value`` as the primary key of an existing master of one of ``models``."""
    masters = [m.get_summary_masters() for m in models if not is_master_less(m)]
    if not masters:
        raise CommandError(_("--master: none of these summaries has masters."))
    found = False
    for qs in masters:
        pk = qs.model._meta.pk
        try:
            key = pk.to_python(str(value).strip())
            pk.run_validators(key)
        except ValidationError as exc:
            raise CommandError(
                _("--master %(value)r is no valid id of %(model)s: %(error)s")
                % {"value": value, "model": qs.model._meta.verbose_name, "error": " ".join(exc)}
            )
        with contextlib.suppress(EmptyResultSet, OverflowError):  # too big for the column
            found = found or qs.filter(pk=key).exists()
    if not found:
        raise CommandError(_("--master %(value)r: no master has this id.") % {"value": value})
    return key


def summary_rows(model: type[Summarized], master: Any) -> int:
    """How many rows of ``model`` the run updated (those of ``master`` when given)."""
    rows = model._default_manager.all()
    if master is not None:
        rows = rows.filter(**{model.get_master_lookup(): master})
    return rows.count()
