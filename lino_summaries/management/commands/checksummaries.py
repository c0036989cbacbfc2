"""``manage.py checksummaries [app_label.Model ...] [--master ID] [--enqueue]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lino_summaries.check import check_summaries
from lino_summaries.conf import app_settings
from lino_summaries.engine import Progress, SummariesSkipped
from lino_summaries.mixins import Summarized
from lino_summaries.progress import ProgressBar
from lino_summaries.registry import resolve_summary_models


class Command(BaseCommand):
    help = (
        "Update the summary tables and fields. With no arguments all summaries, "
        "otherwise only those of the given models (app_label.Model). "
        "With --enqueue, hand the work to the tasks backend in chunks of masters "
        "instead (schedule 'checksummaries --enqueue' daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "models", nargs="*", metavar="app_label.Model",
            help="Summary models to update (default: all).",
        )
        parser.add_argument(
            "--master", metavar="ID", help="Update only the summaries of the master with this id."
        )
        parser.add_argument(
            "--chunk-size", type=int, default=None,
            help="Masters per transaction, or per task with --enqueue "
            "(default: all in one transaction; LINO_SUMMARIES_CHUNK_SIZE with --enqueue).",
        )
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Enqueue the daily run (all summaries) as tasks instead of running it.",
        )

    def handle(self, *args: Any, models: list[str], master: str | None,
               chunk_size: int | None, enqueue: bool, **options: Any) -> None:
        if enqueue:
            if models or master:
                raise CommandError(_("--enqueue runs all summaries: give no models or --master."))
            from lino_summaries.tasks import enqueue_daily_run

            results = enqueue_daily_run(chunk_size)
            self.stdout.write(_("Enqueued %(count)d tasks on backend %(backend)r.") % {
                "count": len(results), "backend": app_settings.TASK_BACKEND})
            return
        try:
            selected = resolve_summary_models(models) if models else None
        except LookupError as exc:
            raise CommandError(exc.args[0])
        factory = self.progress_bar if self.stdout.isatty() else None
        try:
            done = check_summaries(selected, master=master, chunk_size=chunk_size,
                                   progress_factory=factory)
        except SummariesSkipped as exc:  # the rest is done; exit non-zero
            raise CommandError(exc.message)
        if options["verbosity"] > 1:
            for model in done:
                self.stdout.write(_("Updated %(model)s.") % {"model": model._meta.label})

    def progress_bar(self, model: type[Summarized], total: int) -> Progress:
        return ProgressBar(str(model._meta.verbose_name_plural), total, self.stdout)
