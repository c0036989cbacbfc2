"""The row's own permission in the admin: ``get_row_permission`` answers for every path.

Django asks ``has_view_permission``, ``has_change_permission`` and
``has_delete_permission`` with the row (``obj``) on its change, history and
delete pages; :class:`RowPermissionMixin` adds the row's answer for the
corresponding action (``show_detail``, ``submit_detail``, ``delete_selected``)
to Django's. Where Django asks without the row (the editable list, the inline
rows, "delete selected", merge), our forms and actions ask each row with
:func:`may_change_row` and :func:`may_delete_row`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from lino_core_model._requests import ActionRequest
from lino_core_model.actions import Action, delete_selected, show_detail, submit_detail

__all__: list[str] = []


def row_permits(ar: Any, action: Action, obj: models.Model | None) -> bool:
    """Whether the row ``obj`` lets the user of ``ar`` run ``action`` (no row: yes)."""
    return obj is None or obj._state.adding or action.get_action_permission(ar, obj)


def may_change_row(ar: Any, obj: models.Model | None) -> bool:
    """Whether the user of ``ar`` may save ``obj``'s form, as the row says."""
    return row_permits(ar, submit_detail, obj)


def may_delete_row(ar: Any, obj: models.Model | None) -> bool:
    """Whether the user of ``ar`` may delete ``obj``, as the row says."""
    return row_permits(ar, delete_selected, obj)


class RowPermissionMixin:
    """Mix into a ``ModelAdmin``: Django's permissions, and the row's for a given row."""

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and row_permits(
            ActionRequest(request=request), show_detail, obj)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and may_change_row(
            ActionRequest(request=request), obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and may_delete_row(
            ActionRequest(request=request), obj)
