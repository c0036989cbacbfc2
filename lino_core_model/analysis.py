"""Start-up analysis, run once from ``AppConfig.ready()`` (no database access).

- resolves the options of every model (``options.py``: delete policy, search
  fields, workflow field, GFKs, references);
- gives the id lookups of our models a range check (``id_lookups.py``);
- gives the plain Django models a project names in ``LINO_CORE_MODEL_DJANGO2LINO``
  the methods of our ``Model`` they lack (``django2lino``), so they take part
  in vetoes and search. No other model is touched: Django's and third-party
  models (``Session``, ``LogEntry``...) stay as they are.

(Virtual fields are registered when each model class is prepared: ``models.py``.)
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models

from lino_core_model.options import resolve_options

__all__ = ["django2lino"]

#: Names copied onto plain Django models by :func:`django2lino`.
LINO_MODEL_ATTRIBUTES = (
    "allow_cascaded_delete",
    "allow_cascaded_copy",
    "allow_merge_action",
    "quick_search_fields",
    "quick_search_fields_digit",
    "workflow_state_field",
    "workflow_owner_field",
    "disable_delete",
    "delete_veto_message",
    "duplicate",
    "on_duplicate",
    "after_duplicate",
    "merge_plan",
    "merge_into",
    "quick_search_filter",
    "lookup_or_create",
    "create_from_choice",
    "choice_text_to_dict",
    "get_or_none",
    "on_create",
    "before_ui_save",
    "after_ui_save",
    "after_ui_create",
    "save_new_instance",
    "save_existing_instance",
    "get_row_permission",
    "disabled_fields",
    "define_action",
    "hide_elements",
    "hidden_elements",
    "active_fields",
    "add_active_field",
    "set_widget_options",
    "get_widget_options",
    "_widget_options",
    "preferred_foreignkey_width",
    "add_param_filter",
    "get_request_queryset",
    "get_user_queryset",
    "summary_row",
    "as_summary_row",
    "summary_row_template",
    "get_subclasses_graph",
)


def django2lino(model: type[models.Model]) -> None:
    """Copy to a plain Django ``model`` every attribute of our ``Model`` it lacks.

    The explicit opt-in for a model that does not inherit our ``Model``: call
    it (before the first request) or list the model in the setting
    ``LINO_CORE_MODEL_DJANGO2LINO``. Its rows are still deleted by Django:
    the delete policy of ``lino_core_model.deletion`` governs our models only.
    """
    from lino_core_model.models import Model

    for name in LINO_MODEL_ATTRIBUTES:
        if hasattr(model, name):
            continue
        for klass in Model.__mro__:
            if name in klass.__dict__:
                setattr(model, name, klass.__dict__[name])
                break


def analyze_models() -> None:
    from lino_core_model._id_lookups import register_range_lookups
    from lino_core_model.actions import Merge
    from lino_core_model.models import Model

    for model in apps.get_models():
        if issubclass(model, Model):
            if model.allow_merge_action and not hasattr(model, "merge_row"):
                model.define_action(merge_row=Merge())
            register_range_lookups(model)
    for label in getattr(settings, "LINO_CORE_MODEL_DJANGO2LINO", ()):
        django2lino(apps.get_model(label))
    resolve_options()
