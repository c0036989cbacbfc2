"""``manage.py checkdata [app_label.Model | checker ...] [--fix]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Model
from django.utils.translation import gettext as _

from lino_checkdata.checkers import Checker, Problem, check_data, get_checkers
from lino_core_model.utils import full_model_name, installed_model


class Command(BaseCommand):
    help = (
        "Run the data checkers and print the problems they find. Arguments narrow "
        "the run to some models (app_label.Model) or checkers (their value, "
        "e.g. contacts.PartnerNameChecker); by default every checker runs on all its rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "names",
            nargs="*",
            metavar="app_label.Model|checker",
            help="Models or checkers to run (default: all).",
        )
        parser.add_argument(
            "--fix", action="store_true", help="Also repair the problems that can be fixed."
        )

    def handle(self, *args: Any, names: list[str], fix: bool, **options: Any) -> None:
        all_checkers = get_checkers()
        checkers, models = self.resolve(names, all_checkers)
        result = check_data(
            models=models or None,
            checkers=checkers or all_checkers,
            fix=fix,
            on_problem=self.print_problem,
        )
        self.stdout.write(str(result.summary()))

    def resolve(
        self, names: list[str], all_checkers: list[Checker]
    ) -> tuple[list[Checker], list[type[Model]]]:
        """Split ``names`` into checkers and models; CommandError for unknown names."""
        by_value = {c.value: c for c in all_checkers}
        checkable = {m for c in all_checkers for m in c.get_checkable_models()}
        checkers: list[Checker] = []
        models: list[type[Model]] = []
        for name in names:
            if name in by_value:
                checkers.append(by_value[name])
                continue
            model = installed_model(name)
            if model not in checkable:
                valid = sorted({full_model_name(m) for m in checkable} | set(by_value))
                raise CommandError(
                    _("Unknown model or checker %(name)r. Valid values are: %(valid)s")
                    % {"name": name, "valid": ", ".join(valid) or _("(none)")}
                )
            models.append(model)
        return checkers, models

    def print_problem(self, problem: Problem) -> None:
        obj = problem.obj
        if problem.fixed:
            flag = _("(fixed) ")
        elif problem.fixable:
            flag = _("(fixable) ")
        else:
            flag = ""
        self.stdout.write(
            f"{problem.checker.value} {full_model_name(obj)} #{obj.pk} ({obj}): "
            f"{flag}{problem.message}"
        )
