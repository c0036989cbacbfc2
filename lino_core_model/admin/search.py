"""Quick search in the change list: the search box follows ``quick_search_filter``.

``#120`` finds the row with primary key 120, ``*ref`` searches the ``ref``
field, other words must all match. The filter is applied as it is (no
``DISTINCT``, no extra ``LIKE``): ``#120`` is a primary key lookup.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..tables import quick_search_q


class QuickSearchMixin:
    """Mix into a ``ModelAdmin``: its search box (always shown) runs the quick search."""

    def get_search_fields(self, request: Any) -> tuple[str, ...]:
        # Only tells Django to show the search box: get_search_results() does the work.
        return tuple(super().get_search_fields(request) or ("pk",))

    def get_search_results(
        self, request: Any, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(quick_search_q(queryset.model, search_term)), False
