"""``manage.py brokengfks [--repair]``: list (and repair) rows with a broken GFK."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lino_core_model.exceptions import DeleteVetoed

from ...broken import broken_gfks, repair_broken_gfks


class Command(BaseCommand):
    help = "List the rows whose GFK points to a missing row or model; --repair fixes them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--repair", action="store_true",
            help="Delete (cascaded GFK) or clear (nullable GFK) every broken GFK, atomically.",
        )

    def handle(self, *args: Any, repair: bool = False, **options: Any) -> None:
        count = 0
        for row in broken_gfks():
            count += 1
            self.stdout.write(f"{row.obj._meta.label} #{row.obj.pk}: {row.message} ({row.todo})")
        self.stdout.write(f"{count} broken GFKs.")
        if not repair or not count:
            return
        try:
            done = repair_broken_gfks()
        except DeleteVetoed as exc:
            raise CommandError(f"Nothing repaired: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            "Deleted {delete}, cleared {clear}, left {manual} to repair manually.".format(**done)
        ))
