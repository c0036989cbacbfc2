"""Which models have summaries, and finding them by name."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from lino_core_model.api.rt import models_by_base
from lino_core_model.utils import full_model_name, installed_model

from .mixins import Summarized

__all__ = ["get_summary_models"]


def get_summary_models() -> dict[type[models.Model], list[type[Summarized]]]:
    """Each model that has summaries mapped to its summary models.

    A slave summary belongs to the model of its ``master``; a model with summary
    fields of its own (like the demo's ``Client``) maps to itself.
    """
    result: dict[type[models.Model], list[type[Summarized]]] = {}
    for model in all_summary_models():
        master = model.get_summary_master_model()
        result.setdefault(master, []).append(model)
    return result


def all_summary_models() -> list[type[Summarized]]:
    """Every installed top-level ``Summarized`` model, sorted by ``app_label.Model``."""
    return models_by_base(Summarized, toplevel_only=True)


def resolve_summary_models(names: list[str]) -> list[type[Summarized]]:
    """The summary models named ``app_label.Model``; ``LookupError`` names an unknown one."""
    known = all_summary_models()
    found = []
    for name in names:
        model = installed_model(name)
        if model not in known:
            raise LookupError(
                _("%(name)s is not a summary model. Summary models are: %(valid)s")
                % {"name": name, "valid": ", ".join(full_model_name(m) for m in known)}
            )
        found.append(model)
    return found
