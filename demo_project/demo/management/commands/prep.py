"""``manage.py prep``: build the demo database from scratch, like Lino's ``prep``."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from demo_project.demo.data import load_demo_data
from demo_project.demo.data_office import load_office_data


class Command(BaseCommand):
    help = ("Flush the database, migrate, and load the deterministic demo data: the rows "
            "the specs show, then an office's worth of clients, coachings, notes and "
            "contracts (unless --specs-only).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--specs-only", action="store_true",
            help="Load only the rows the specs show (the test database), not the office.",
        )

    def handle(self, *args, interactive: bool = True, specs_only: bool = False, **options):
        db = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"This will destroy all data in {db}. Continue? [y/N] ")
            if answer.lower() not in ("y", "yes"):
                self.stdout.write("Cancelled.")
                return
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        counts = load_demo_data()
        if not specs_only:
            counts.update(load_office_data())
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo database {db} ready: {summary}."))
