"""System checks for wrong declarations on our models (ids ``lino_core_model.Exxx``)."""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .references import cascaded_delete_names
from .search import digit_fields, search_fields
from .utils import split_names


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_reference(field) -> bool:
    """A foreign key or (``lino_gfks``) a generic foreign key; not a virtual field (it
    carries a GFK's flags only to stay out of Django's ``_meta.fields``)."""
    from .fields import VirtualField

    return (field is not None and not isinstance(field, VirtualField)
            and (field.many_to_one or field.one_to_one))


def _our_models():
    from .models import Model

    return [m for m in apps.get_models() if issubclass(m, Model)]


@checks.register(checks.Tags.models)
def check_cascades(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for model in _our_models():
        for attr, names, eid in (
            ("allow_cascaded_delete", cascaded_delete_names(model), "E001"),
            # None means "as allow_cascaded_delete": already checked by E001
            ("allow_cascaded_copy", split_names(model.allow_cascaded_copy), "E004"),
        ):
            for name in sorted(names):
                field = _field(model, name)
                if not _is_reference(field):
                    errors.append(checks.Error(
                        f"{attr} names {name!r}, which is no foreign key of "
                        f"{model._meta.label}.",
                        obj=model, id=f"lino_core_model.{eid}",
                    ))
                elif (attr == "allow_cascaded_delete" and field.concrete
                        and field.remote_field.on_delete is not models.CASCADE):
                    errors.append(checks.Error(
                        f"{model._meta.label}.{name} is listed in allow_cascaded_delete "
                        f"but its on_delete is not CASCADE.",
                        obj=model, id="lino_core_model.E003",
                    ))
    return errors


@checks.register(checks.Tags.models)
def check_quick_search(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for model in _our_models():
        for attr, names in (
            ("quick_search_fields", search_fields(model)),
            ("quick_search_fields_digit", digit_fields(model)),
        ):
            for name in names:
                if not _lookup_exists(model, name):
                    errors.append(checks.Error(
                        f"{attr} of {model._meta.label} names {name!r}, which is no field.",
                        obj=model, id="lino_core_model.E002",
                    ))
    return errors


def _lookup_exists(model, path: str) -> bool:
    """Whether ``path`` (``name`` or ``fk__name``) names a concrete field."""
    for part in path.split("__"):
        field = _field(model, part)
        if field is None or not field.concrete:
            return False
        model = field.related_model
    return True


@checks.register(checks.Tags.models)
def check_workflow_state_field(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for model in _our_models():
        name = model.workflow_state_field
        if name and not hasattr(_field(model, name), "choicelist"):
            errors.append(checks.Error(
                f"workflow_state_field of {model._meta.label} names {name!r}, "
                f"which is no ChoiceListField.",
                obj=model, id="lino_core_model.E006",
            ))
    return errors
