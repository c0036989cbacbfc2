"""Quick search in the change list: the search box follows ``quick_search_filter``.

``#120`` finds the row with primary key 120, ``*ref`` searches the ``ref``
field, other words must all match. The filter is applied as it is (no
``DISTINCT``, no extra ``LIKE``): ``#120`` is a primary key lookup, and words
use the model's ``QuickSearchIndex`` where it declares one. A text the search
refuses (too many words) shows its message and no rows.

Large tables: a search or a filter counts its rows once (Django's paginator);
``show_full_result_count = False`` spares the second ``COUNT(*)`` of the whole
table that Django would run to print "(N total)".
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from lino_core_model.tables import quick_search_q

__all__: list[str] = []


class QuickSearchMixin:
    """Mix into a ``ModelAdmin``: its search box (always shown) runs the quick search."""

    show_full_result_count = False

    def get_search_fields(self, request: Any) -> tuple[str, ...]:
        # Only tells Django to show the search box: get_search_results() does the work.
        return tuple(super().get_search_fields(request) or ("pk",))

    def get_search_results(
        self, request: Any, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        try:
            return queryset.filter(quick_search_q(queryset.model, search_term)), False
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return queryset.none(), False
