"""The tables of the stored problems: a user's own, every problem for site staff."""

from __future__ import annotations

from typing import Any

from lino_core_model.roles import SiteUser
from lino_core_model.tables import Table

from .models import Problem
from .problems import visible_problems


class Problems(Table):
    """The data problems: a user's own, every problem for site staff."""

    model = Problem
    column_names = "checker owner message user"
    required_roles = frozenset({SiteUser})

    @classmethod
    def get_request_queryset(cls, ar: Any) -> Any:
        return visible_problems(super().get_request_queryset(ar), ar.get_user())


class ProblemsByOwner(Problems):
    master_key = "owner"
    column_names = "checker message user"


__all__ = ["Problems", "ProblemsByOwner"]
