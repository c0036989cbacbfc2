"""``CheckSummaries`` (every summary, for staff) and ``UpdateSummariesByMaster``
(the summaries of one master, installed as ``check_summaries`` on each master model)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_permission_codename
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lino_core_model.actions import Action
from lino_core_model.roles import SiteStaff, SiteUser

from .engine import kept_message, recompute
from .mixins import Summarized
from .recompute import check_summaries

__all__ = ["CheckSummaries", "UpdateSummariesByMaster", "check_all_summaries", "master_action"]


class CheckSummaries(Action):
    """Web UI version of ``checksummaries``: recompute every summary."""

    label = _("Check all summary data")
    required_roles = frozenset({SiteStaff})
    readonly = False
    select_rows = False

    def run_from_code(self, ar: Any, obj: Any = None, **kwargs: Any) -> str:
        self.check_permission(ar)
        kept: list = []
        done = check_summaries(on_kept=kept.extend)
        message = ngettext(
            "Updated %(count)d summary model.", "Updated %(count)d summary models.", len(done)
        ) % {"count": len(done)}
        return f"{message} {kept_message(kept)}" if kept else message


class UpdateSummariesByMaster(Action):
    """Recompute the summaries of one master: for a user who may change the
    master model (Django's change permission) and the row itself."""

    label = _("Update summary data")
    button_text = "\u03a3"
    required_roles = frozenset({SiteUser})
    readonly = False
    action_name = "check_summaries"

    def __init__(
        self, master_model: type[models.Model], summary_models: list[type[Summarized]]
    ) -> None:
        super().__init__()
        self.master_model = master_model
        self.summary_models = summary_models

    def get_action_permission(self, ar: Any, obj: Any = None, state: Any = None) -> bool:
        opts = self.master_model._meta
        perm = f"{opts.app_label}.{get_permission_codename('change', opts)}"
        has_perm = getattr(getattr(ar, "user", None), "has_perm", None)
        if has_perm is None or not has_perm(perm):
            return False
        return super().get_action_permission(ar, obj, state)

    def run_from_code(self, ar: Any, obj: Any = None, **kwargs: Any) -> str:
        self.check_permission(ar, obj)
        masters = self.master_model._default_manager.filter(pk=obj.pk)
        kept = [row for model in self.summary_models for row in recompute(model, masters)]
        message = str(_("Updated the summary data of %(obj)s.") % {"obj": obj})
        return f"{message} {kept_message(kept)}" if kept else message


#: The site tool recomputing every summary (on the staff page of ``site_actions_view``).
check_all_summaries = CheckSummaries()


#: The ``check_summaries`` action of each master model, by model.
_master_actions: dict[type[models.Model], UpdateSummariesByMaster] = {}


def install_master_actions() -> None:
    """Make the ``check_summaries`` action of every model with summaries (no database
    access). A master that is ours (it inherits our ``Model``) carries it as its
    ``check_summaries`` attribute, as in Lino; a model of another app (e.g.
    ``auth.User``) is left as it is: :func:`master_action` finds its action."""
    from lino_core_model.models import Model

    from .registry import get_summary_models

    for master, summary_models in get_summary_models().items():
        action = _master_actions[master] = UpdateSummariesByMaster(master, summary_models)
        if issubclass(master, Model):
            master.check_summaries = action


def master_action(model: type[models.Model]) -> UpdateSummariesByMaster:
    """The ``check_summaries`` action of the master ``model`` (``KeyError`` if it has
    no summaries)."""
    return _master_actions[model._meta.concrete_model]
