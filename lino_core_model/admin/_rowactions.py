"""Row actions on the change page: workflow transitions and the model's own actions.

The change page shows a button per allowed transition of the row's workflow
(``allowed_transitions``) and per action named in ``row_actions`` (e.g.
``"duplicate_row"``, ``"check_summaries"``). A button POSTs to
``<pk>/action/<name>/``, which checks the permission again (server side),
runs the action and reports its message; an action name the row has not is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse

from lino_core_model._requests import ActionRequest
from lino_core_model.actions import Action
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.options import workflow_field
from lino_core_model.workflows import Workflow, allowed_transitions

__all__: list[str] = []


@dataclass(frozen=True)
class Button:
    """An action button of the change page."""

    name: str
    label: str
    help_text: str
    url: str


def transitions(obj: models.Model) -> list[Action]:
    """Every transition of ``obj``'s workflow (allowed or not)."""
    field = workflow_field(type(obj))
    workflow = getattr(field, "choicelist", None)
    if isinstance(workflow, type) and issubclass(workflow, Workflow):
        return workflow.get_transitions()
    return []


class RowActionsMixin:
    """Mix into a ``ModelAdmin``: workflow buttons and ``row_actions`` on the change page."""

    row_actions: tuple[str, ...] = ()

    def get_urls(self) -> list:
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}_action"
        view = self.admin_site.admin_view(self.row_action_view)
        return [path("<path:object_id>/action/<str:action_name>/", view, name=name),
                *super().get_urls()]

    def get_row_action(self, obj: models.Model, name: str) -> Action | None:
        """The transition or the row action named ``name``, or None."""
        for action in transitions(obj):
            if action.action_name == name:
                return action
        if name in self.row_actions:
            action = getattr(obj, name, None)
            return action if isinstance(action, Action) else None
        return None

    def action_request(self, request: Any) -> ActionRequest:
        """The ``ar`` of an action run from this admin: with this admin's
        :meth:`copy_checks` (a duplicate applies the form's rules)."""
        return ActionRequest(request=request, copy_checks=self.copy_checks(request))

    def copy_checks(self, request: Any) -> list:
        """Checks of a new copy made by ``request.user`` (none here; ``lino_gfks`` adds
        the owner rules of its forms)."""
        return []

    def may_run(self, request: Any, action: Action, obj: models.Model) -> bool:
        """The action's own permission (the row's ``get_row_permission`` for it), plus the
        change permission of the row if it changes data (else the view permission);
        never an action the row disables (``disabled_fields``)."""
        admin_permission = (self.has_view_or_change_permission if action.readonly
                            else self.has_change_permission)
        if not admin_permission(request, obj):
            return False
        ar = ActionRequest(request=request)
        disabled = obj.disabled_fields(ar) if hasattr(obj, "disabled_fields") else ()
        return action.action_name not in disabled and action.get_action_permission(ar, obj)

    def row_action_buttons(self, request: Any, obj: models.Model) -> list[Button]:
        """The buttons of the actions ``request.user`` may run on ``obj`` now."""
        ar = ActionRequest(request=request)
        allowed = allowed_transitions(obj, ar) if self.has_change_permission(request, obj) else []
        actions = [*allowed, *(self.get_row_action(obj, n) for n in self.row_actions)]
        opts = self.opts
        return [
            Button(a.action_name, str(a.label), str(a.help_text or ""), reverse(
                f"admin:{opts.app_label}_{opts.model_name}_action",
                args=[obj.pk, a.action_name], current_app=self.admin_site.name,
            ))
            for a in actions
            if a is not None and self.may_run(request, a, obj)
        ]

    def row_action_view(self, request: Any, object_id: str, action_name: str) -> Any:
        """Run the action (POST only) and go back to the change page with its message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        action = self.get_row_action(obj, action_name)
        if action is None:
            raise Http404(f"{self.opts.verbose_name} has no action {action_name!r}.")
        if not self.may_run(request, action, obj):
            raise PermissionDenied
        try:
            msg = action.run_from_code(self.action_request(request), obj)
        except (ValidationError, DeleteVetoed, PermissionDenied) as exc:
            self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])),
                              messages.ERROR)
        else:
            self.message_user(request, str(msg), messages.SUCCESS)
        return HttpResponseRedirect(reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk], current_app=self.admin_site.name,
        ))
