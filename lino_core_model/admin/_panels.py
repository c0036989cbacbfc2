"""Panels under the form of the change page: slave tables and summary values.

``slave_tables`` lists the tables showing rows of the edited row (their
master), e.g. ``ContactsByClient``; each is rendered as HTML when the user may
view the table and its model (the admin's view permission). A row links to
its admin page only when the user may view that row there (no link to a 403).
``summary_fields`` lists read-only values shown in a "Summary data"
panel, with the button of the ``summary_action`` row action (if allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_permission_codename
from django.db import models
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from lxml import etree

from lino_core_model._render_html import to_html
from lino_core_model._render_text import cell_text
from lino_core_model._requests import ActionRequest
from lino_core_model._row_html import obj2html
from lino_core_model.options import lino_options
from lino_core_model.tables import Table

__all__: list[str] = []


@dataclass(frozen=True)
class Panel:
    """One slave table of the change page, rendered."""

    name: str
    label: str
    html: SafeString


class PanelRequest(ActionRequest):
    """A request rendering a panel: rows link to admin pages the user may view."""

    def __init__(self, *args: Any, admin_site: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admin_site = admin_site

    def obj2html(self, obj: models.Model, text: str | None = None) -> Any:
        """A link to ``obj``'s admin page when the user may view it, else its text."""
        link = obj2html(obj, text)
        model_admin = self.admin_site._registry.get(type(obj))
        if etree.iselement(link) and (model_admin is None or not (
                model_admin.has_view_or_change_permission(self.request, obj))):
            return link.text  # the text as obj2html made it fit for HTML
        return link


def may_view_model(request: Any, admin_site: Any, model: type[models.Model]) -> bool:
    """Whether ``request.user`` may view the rows of ``model`` (as its admin says)."""
    model_admin = admin_site._registry.get(model)
    if model_admin is not None:
        return model_admin.has_view_or_change_permission(request)
    opts = model._meta
    return any(request.user.has_perm(f"{opts.app_label}.{get_permission_codename(a, opts)}")
               for a in ("view", "change"))


class PanelsMixin:
    """Mix into a ``ModelAdmin`` (with ``RowActionsMixin``): panels on the change page."""

    slave_tables: tuple[type[Table], ...] = ()
    summary_fields: tuple[str, ...] = ()
    summary_action: str | None = None
    summary_label = _("Summary data")

    def get_panels(self, request: Any, obj: models.Model) -> list[Panel]:
        """The slave tables ``request.user`` may view (table and model), rendered for ``obj``."""
        panels = []
        for table in self.slave_tables:
            model = table.get_model()
            if not table.get_view_permission(request.user) or (
                    model is not None and not may_view_model(request, self.admin_site, model)):
                continue
            ar = PanelRequest(table, request=request, master_instance=obj,
                              admin_site=self.admin_site)
            panels.append(Panel(str(table), str(table.label), to_html(table, ar)))
        return panels

    def get_summary_values(self, obj: models.Model) -> list[tuple[str, str]]:
        """``(label, text)`` of each of the ``summary_fields``."""
        meta = obj._meta
        return [
            (capfirst(str(meta.get_field(name).verbose_name)), cell_text(getattr(obj, name)))
            for name in self.summary_fields
        ]

    def render_change_form(
        self, request: Any, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Any = None,
    ) -> Any:
        if obj is not None and obj.pk is not None:
            buttons = self.row_action_buttons(request, obj)
            context.update(
                lino_buttons=[b for b in buttons if b.name != self.summary_action],
                lino_summary_button=next(
                    (b for b in buttons if b.name == self.summary_action), None),
                lino_hidden_buttons=buttons,
                lino_panels=self.get_panels(request, obj),
                lino_summary_values=self.get_summary_values(obj),
                lino_summary_label=self.summary_label,
                lino_state=_state_text(obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


def _state_text(obj: models.Model) -> str:
    name = lino_options(obj).workflow_state_field
    state = getattr(obj, name, None) if name else None
    return "" if state is None else str(state)
