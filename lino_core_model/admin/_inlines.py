"""Inlines whose forms are bounded by what a user can submit (issue 22, N9).

Django lets a POST build up to ``max_num + 1000`` forms of an inline
(``absolute_max``, with ``max_num`` 1000 unless set): a forged
``<prefix>-TOTAL_FORMS=2001`` made the change page of a client build and show
2,000 contact forms (a minute of CPU, 38 MB). Our inlines offer the stored rows
plus ``max_added_rows`` new ones ("Add another" stops there: Django's
``max_num``), and a POST builds no more forms than that (``absolute_max``):
more is the formset error "Please submit at most N forms.", not a slow page.
An inline's own ``max_num`` (or ``get_max_num()``) still wins; the stored
rows are always shown and saved.

Their choice fields refuse odd input as our ``ModelAdmin`` does (a searchable
select given ``abc`` says "Select a valid choice").
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from ._oddinput import OddInputMixin

__all__ = ["LinoInlineMixin", "StackedInline", "TabularInline"]


class LinoInlineMixin(OddInputMixin):
    """Mix into an ``InlineModelAdmin``: forms bounded, odd input refused.

    ``max_added_rows`` (default 20) is the number of new rows one save may add
    when the inline sets no ``max_num`` of its own.
    """

    max_added_rows: int = 20

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        stored = self.stored_row_count(request, obj, formset)
        if kwargs.get("max_num", self.get_max_num(request, obj, **kwargs)) is None:
            formset.max_num = stored + self.max_added_rows
        # A fresh class per call: the bound is this row's.
        formset.absolute_max = max(formset.max_num, stored)
        return formset

    def stored_row_count(self, request: Any, obj: Any, formset: Any) -> int:
        """The rows of ``obj`` the inline shows (one ``COUNT``; none on an add page)."""
        if obj is None:
            return 0
        return formset(instance=obj, queryset=self.get_queryset(request)).get_queryset().count()


class TabularInline(LinoInlineMixin, admin.TabularInline):
    """Django's ``TabularInline`` with our bounds and checks."""


class StackedInline(LinoInlineMixin, admin.StackedInline):
    """Django's ``StackedInline`` with our bounds and checks."""
