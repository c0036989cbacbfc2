"""The "check all data" action: the web version of ``manage.py checkdata``.

A project offers it on its site tools page:
``site_actions_view(admin.site, [check_all_data, ...])``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lino_core_model.actions import Action
from lino_core_model.roles import SiteStaff

from .checkers import check_data


class CheckData(Action):
    """Run every checker on every row (staff only); the problems found are stored."""

    label = _("Check all data")
    help_text = _("Run every data checker on every row; the problems found are stored.")
    required_roles = frozenset({SiteStaff})
    readonly = False  # stores the problems found
    select_rows = False

    def run_from_code(self, ar: Any, obj: Any = None, fix: bool = False, **kwargs: Any) -> str:
        self.check_permission(ar)
        return check_data(fix=fix, ar=ar).summary()


#: The site tool running every checker (on the staff page of ``site_actions_view``).
check_all_data = CheckData()

__all__ = ["CheckData", "check_all_data"]
