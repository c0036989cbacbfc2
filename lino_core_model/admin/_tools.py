"""A staff page that runs actions on the whole site ("check all data", "check summaries").

Not registered anywhere by itself: a project adds
``path("admin/tools/", site_actions_view(admin.site, [check_all_data, ...]))``
to its URLs (before the admin's own URLs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from lino_core_model._requests import ActionRequest
from lino_core_model.actions import Action
from lino_core_model.exceptions import DeleteVetoed

__all__ = ["site_actions_view"]


def site_actions_view(site: admin.AdminSite, actions: Sequence[Action]) -> Callable:
    """An admin view listing ``actions`` as buttons; a POST runs one (if permitted)."""

    def view(request: Any) -> Any:
        ar = ActionRequest(request=request)
        allowed = [(i, a) for i, a in enumerate(actions) if a.get_action_permission(ar)]
        if request.method == "POST":
            action = dict(allowed).get(_index(request.POST.get("action", "")))
            if action is None:
                raise PermissionDenied
            try:
                messages.success(request, str(action.run_from_code(ar)))
            except ValidationError as exc:  # our documented errors carry a message
                messages.error(request, " ".join(exc.messages))
            except DeleteVetoed as exc:  # e.g. a row points to a summary row the run deletes
                messages.error(request, str(exc))
            return HttpResponseRedirect(request.path)
        context = {**site.each_context(request), "title": _("Site tools"), "actions": allowed}
        return TemplateResponse(request, "lino_core_model/admin/tools.html", context)

    return site.admin_view(view)


def _index(value: str) -> int | None:
    """The action number posted, or None when ``value`` is no number (e.g. "²")."""
    try:
        return int(value)
    except ValueError:
        return None
