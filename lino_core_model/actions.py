"""Actions: something a user can do on a row or a table, from code or the admin.

An action has a label, an optional button text, required roles, and a
``run_from_code(ar, obj, **kwargs)`` method that does the work and returns a
result message. The admin layer turns them into admin actions or buttons.

Every action on a row asks the row (``obj.get_row_permission(ar, state, ba)``,
``state`` being the row's workflow state), the admin's own actions included:
:data:`show_detail` (view a row), :data:`submit_detail` (save its form) and
:data:`delete_selected` (delete it) are the actions the admin's
``has_view_permission``, ``has_change_permission`` and ``has_delete_permission``
ask for (:mod:`lino_core_model.admin.permissions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lino_core_model._requests import ActionRequest, lino_actor
from lino_core_model.merge import MergePlan
from lino_core_model.options import workflow_field
from lino_core_model.roles import Expert, has_required_roles


class Action:
    """Base class of every action."""

    label: Any = None
    button_text: str | None = None
    help_text: Any = None
    required_roles: frozenset = frozenset()
    readonly: bool = True  # False when the action changes data
    select_rows: bool = True  # True: runs on a row, False: on a table
    show_in_workflow: bool = False
    action_name: str | None = None

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        if label is not None:
            self.label = label
        for key, value in kwargs.items():
            if not hasattr(self, key):
                raise TypeError(f"{type(self).__name__} has no attribute {key!r}")
            setattr(self, key, value)

    def __set_name__(self, owner: type, name: str) -> None:
        if self.action_name is None:
            self.action_name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.action_name}>"

    def get_action_permission(self, ar, obj=None, state=None) -> bool:
        """Whether the user of ``ar`` may run this action (on ``obj`` in ``state``)."""
        user = getattr(ar, "user", None)
        if self.required_roles and not has_required_roles(user, self.required_roles):
            return False
        if obj is not None and hasattr(obj, "get_row_permission"):
            return obj.get_row_permission(ar, row_state(obj) if state is None else state, self)
        return True

    def check_permission(self, ar, obj=None) -> None:
        """``PermissionDenied`` unless the user of ``ar`` may run this action (on ``obj``)."""
        if not self.get_action_permission(ar, obj):
            raise PermissionDenied(
                gettext("You have no permission to run %(action)s.") % {"action": self.label})

    def run_from_code(self, ar, obj=None, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.run_from_code()")

class ShowDetail(Action):
    """Viewing a row (its change page or history): Lino's ``detail`` action."""

    label = _("Detail")
    action_name = "detail"


class SubmitDetail(Action):
    """Saving a row's form (change page, editable list, inline): Lino's ``submit_detail``."""

    label = _("Save")
    readonly = False
    action_name = "submit_detail"


class DeleteSelected(Action):
    """Deleting a row: Lino's ``delete_selected``."""

    label = _("Delete")
    readonly = False
    action_name = "delete_selected"


show_detail = ShowDetail()
submit_detail = SubmitDetail()
delete_selected = DeleteSelected()


def row_state(obj: models.Model) -> Any:
    """The workflow state of ``obj`` (the ``state`` its ``get_row_permission`` is asked
    with), or None when its model has no workflow."""
    field = workflow_field(type(obj))
    return None if field is None else getattr(obj, field.name)


class Merge(Action):
    """The "Merge" action (for experts): merge the row into ``target``."""

    label = _("Merge")
    button_text = "⚭"
    readonly = False
    required_roles = frozenset({Expert})

    def run_from_code(
        self,
        ar,
        obj=None,
        target=None,
        dry_run: bool = False,
        delete: Iterable[str] = (),
        reason: str = "",
        delete_conflicts: bool = False,
    ) -> str:
        self.check_permission(ar, obj)
        if isinstance(target, models.Model):  # it gets the rows of obj: the row must allow it
            submit_detail.check_permission(ar, target)
        plan = MergePlan(obj, target, delete=delete, reason=reason,
                         delete_conflicts=delete_conflicts)
        if getattr(ar, "user", None) is not None:
            plan.check_delete_permission(ar.user)
        return plan.as_text() if dry_run else plan.execute(ar)


class Duplicate(Action):
    """The "Duplicate" action: insert a copy of the row (with its slaves)."""

    label = _("Duplicate")
    button_text = "🗗"
    readonly = False

    def run_from_code(self, ar, obj=None, **known_values) -> str:
        self.check_permission(ar, obj)
        new = obj.duplicate(ar, **known_values)
        return gettext("Duplicated %(old)s to %(new)s.") % {"old": obj, "new": new}


__all__ = [
    "Action",
    "ActionRequest",
    "DeleteSelected",
    "Duplicate",
    "Merge",
    "ShowDetail",
    "SubmitDetail",
    "delete_selected",
    "lino_actor",
    "row_state",
    "show_detail",
    "submit_detail",
]
