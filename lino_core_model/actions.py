"""Actions: something a user can do on a row or a table, from code or the admin.

An action has a label, an optional button text, required roles, and a
``run_from_code(ar, obj, **kwargs)`` method that does the work and returns a
result message. The admin layer turns them into admin actions or buttons.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lino_core_model._requests import ActionRequest, lino_actor
from lino_core_model.merge import MergePlan
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
            return obj.get_row_permission(ar, state, self)
        return True

    def check_permission(self, ar, obj=None) -> None:
        if not self.get_action_permission(ar, obj):
            raise PermissionDenied(f"You have no permission to run {self.label}.")

    def run_from_code(self, ar, obj=None, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.run_from_code()")


class Merge(Action):
    """The "Merge" action (for experts): merge the row into ``target``."""

    label = _lazy("Merge")
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
    ) -> str:
        self.check_permission(ar, obj)
        plan = MergePlan(obj, target, delete=delete, reason=reason)
        if getattr(ar, "user", None) is not None:
            plan.check_delete_permission(ar.user)
        return plan.as_text() if dry_run else plan.execute(ar)


class Duplicate(Action):
    """The "Duplicate" action: insert a copy of the row (with its slaves)."""

    label = _lazy("Duplicate")
    button_text = "🗗"
    readonly = False

    def run_from_code(self, ar, obj=None, **known_values) -> str:
        self.check_permission(ar, obj)
        new = obj.duplicate(ar, **known_values)
        return _("Duplicated %(old)s to %(new)s.") % {"old": obj, "new": new}


__all__ = ["Action", "ActionRequest", "Duplicate", "Merge", "lino_actor"]
