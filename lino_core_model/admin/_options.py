"""``LinoAdminMixin``: every Lino behaviour of the admin in one ``ModelAdmin`` mixin.

The row's own permission (``get_row_permission``) on every page and action,
the UI hooks of the model (forms and saves), quick search, the delete veto
and counted cascades, duplicate and merge as
admin actions, workflow buttons and row actions, slave tables and summary
values on the change page. Mix it into your own ``ModelAdmin`` classes (or
use :class:`ModelAdmin`); nothing is registered for you.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from lino_core_model._requests import ActionRequest

from ._delete import DeleteMixin
from ._duplicate import duplicate_selected
from ._hooks import UIHooksMixin
from ._merge import merge_action as merge_row_action
from ._merge import merge_selected
from ._oddinput import OddInputMixin
from ._panels import PanelsMixin
from ._permissions import RowPermissionMixin
from ._rowactions import RowActionsMixin
from ._search import QuickSearchMixin

__all__ = ["LinoAdminMixin", "ModelAdmin"]


class LinoAdminMixin(
    UIHooksMixin,
    QuickSearchMixin,
    DeleteMixin,
    PanelsMixin,
    RowActionsMixin,
    RowPermissionMixin,
    OddInputMixin,
):
    """Mix into a ``ModelAdmin`` of a model that inherits our ``Model``.

    ``merge_action`` (default: the model's ``allow_merge_action``) adds the
    merge action; ``duplicate_action`` (default True) the duplicate action.
    """

    change_form_template = "lino_core_model/admin/change_form.html"
    duplicate_action: bool = True
    merge_action: bool | None = None

    def get_actions(self, request: Any) -> dict:
        actions = super().get_actions(request)
        extra = []
        if self.duplicate_action and hasattr(self.model, "duplicate_row"):
            extra.append(duplicate_selected)
        merge = self.merge_action
        if merge is None:
            merge = getattr(self.model, "allow_merge_action", False)
        if merge:
            extra.append(merge_selected)
        for func in extra:
            name, description = func.__name__, self._get_action_description(func, func.__name__)
            if self._filter_actions_by_permissions(request, [(func, name, description)]):
                actions[name] = (func, name, description)
        return actions

    def has_merge_permission(self, request: Any) -> bool:
        """The merge action's: delete (the merged row goes) and the ``Expert`` role."""
        return self.has_delete_permission(request) and merge_row_action.get_action_permission(
            ActionRequest(request=request))


class ModelAdmin(LinoAdminMixin, admin.ModelAdmin):
    """A ``ModelAdmin`` with the Lino behaviours."""
