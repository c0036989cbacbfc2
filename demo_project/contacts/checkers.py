"""Data checkers of the demo's contacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from lino_checkdata.checkers import Checker, register


@register
class PartnerNameChecker(Checker):
    """A partner's name must not be empty nor start or end with spaces."""

    verbose_name = _("Check partner names")
    model = "contacts.Partner"

    def get_checkdata_problems(self, ar: Any, obj: Any, fix: bool = False) -> Iterator[tuple]:
        stripped = obj.name.strip()
        if not stripped:
            yield False, _("Name is empty.")
        elif stripped != obj.name:
            if fix:
                obj.name = stripped
                obj.save(update_fields=["name"])
            yield True, _("Name has leading or trailing spaces.")
