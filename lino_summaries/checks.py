"""System checks of summary models (``lino_summaries.E001`` ...)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from lino_core_model.checks import needed_apps_errors

from .periods import PERIODS

__all__: list[str] = []


@checks.register()
def check_summary_models(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001 an invalid ``summary_period``; E002 ``delete_them_all`` on a model whose rows
    are its masters; E003 ``lino_core_model`` is missing."""
    from .mixins import DateSummarized
    from .registry import all_summary_models

    errors = needed_apps_errors("lino_summaries", ["lino_core_model"], "lino_summaries.E003")
    for model in all_summary_models():
        if issubclass(model, DateSummarized) and model.summary_period not in PERIODS:
            errors.append(
                checks.Error(
                    f"Invalid summary_period {model.summary_period!r} for {model._meta.label}.",
                    hint=f"Use one of {', '.join(PERIODS)}.",
                    obj=model,
                    id="lino_summaries.E001",
                )
            )
        if model.delete_them_all and not model.has_row_per_period():
            errors.append(
                checks.Error(
                    f"{model._meta.label} has delete_them_all but its rows are not summary rows "
                    "per master or period: they would be deleted for good.",
                    obj=model,
                    id="lino_summaries.E002",
                )
            )
    return errors
