"""System checks for wrong declarations on our models (ids ``lino_core_model.Exxx``),
and the helpers that the system checks of every app share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from lino_core_model._ours import our_model
from lino_core_model.options import read_options
from lino_core_model.utils import split_names

__all__ = ["needed_apps_errors", "swappable_setting_errors"]


def needed_apps_errors(
    app: str, needed: Iterable[str], error_id: str
) -> list[checks.CheckMessage]:
    """An error ``error_id`` for each app of ``needed`` that is not in ``INSTALLED_APPS``
    (``app`` is the app that needs them, as it is named in the message)."""
    return [
        checks.Error(
            f"{app} needs {name!r} in INSTALLED_APPS.",
            hint=f"Add {name!r} to INSTALLED_APPS.",
            id=error_id,
        )
        for name in needed
        if not apps.is_installed(name)
    ]


def swappable_setting_errors(
    app: str, defaults: Mapping[str, str], error_id: str
) -> list[checks.CheckMessage]:
    """An error ``error_id`` for each setting of ``defaults`` (name: model label) that a
    project changed. ``app`` declares these settings only so that migrations depend on
    its first migration (as ``AUTH_USER_MODEL`` does); its models cannot be swapped."""
    return [
        checks.Error(
            # ``app`` ends in "s" (lino_clients, lino_coachings): hence "lino_clients'".
            f"{name} must be {value!r}: the setting only makes your migrations depend on "
            f"{app}' first migration; swapping the model is not supported.",
            hint=f"Remove {name} from your settings.",
            id=error_id,
        )
        for name, value in defaults.items()
        if getattr(settings, name, value) != value
    ]


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_reference(field) -> bool:
    """A foreign key or (``lino_gfks``) a generic foreign key."""
    return field is not None and (field.many_to_one or field.one_to_one)


def _our_models():
    return [m for m in apps.get_models() if issubclass(m, our_model())]


def check_app_installed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E007: models inherit our ``Model`` but ``lino_core_model`` is not installed
    (its admin templates, checks and start-up analysis would be missing).
    Registered when ``models.py`` is imported: ``ready()`` never runs then."""
    if apps.is_installed("lino_core_model"):
        return []
    labels = sorted(m._meta.label for m in _our_models())
    if not labels:
        return []
    return [
        checks.Error(
            f"{', '.join(labels)} inherit lino_core_model.models.Model, but 'lino_core_model' "
            f"is not in INSTALLED_APPS.",
            hint="Add 'lino_core_model' to INSTALLED_APPS.",
            id="lino_core_model.E007",
        )
    ]


@checks.register(checks.Tags.templates)
def check_admin_templates(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E008: the admin is installed but the template engine does not find our admin
    templates (``APP_DIRS`` off and no app-directories loader)."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    if not apps.is_installed("django.contrib.admin"):
        return []
    try:
        get_template(TEMPLATE)
    except TemplateDoesNotExist:
        return [
            checks.Error(
                f"The template {TEMPLATE!r} of lino_core_model's admin is not found.",
                hint="Set 'APP_DIRS': True in the DjangoTemplates entry of TEMPLATES (or add "
                "'django.template.loaders.app_directories.Loader' to its loaders).",
                id="lino_core_model.E008",
            )
        ]
    return []


TEMPLATE = "lino_core_model/admin/change_form.html"


@checks.register(checks.Tags.models)
def check_cascades(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for model in _our_models():
        for attr, names, eid in (
            ("allow_cascaded_delete", read_options(model).cascaded_delete, "E001"),
            # None means "as allow_cascaded_delete": already checked by E001
            ("allow_cascaded_copy", split_names(model.allow_cascaded_copy), "E004"),
        ):
            for name in sorted(names):
                field = _field(model, name)
                if not _is_reference(field):
                    errors.append(
                        checks.Error(
                            f"{attr} names {name!r}, which is no foreign key of "
                            f"{model._meta.label}.",
                            obj=model,
                            id=f"lino_core_model.{eid}",
                        )
                    )
                elif (
                    attr == "allow_cascaded_delete"
                    and field.concrete
                    and field.remote_field.on_delete is not models.CASCADE
                ):
                    errors.append(
                        checks.Error(
                            f"{model._meta.label}.{name} is listed in allow_cascaded_delete "
                            f"but its on_delete is not CASCADE.",
                            obj=model,
                            id="lino_core_model.E003",
                        )
                    )
    return errors


@checks.register(checks.Tags.models)
def check_quick_search(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for model in _our_models():
        for attr, names in (
            ("quick_search_fields", read_options(model).search_fields),
            ("quick_search_fields_digit", read_options(model).digit_fields),
        ):
            for name in names:
                if not _lookup_exists(model, name):
                    errors.append(
                        checks.Error(
                            f"{attr} of {model._meta.label} names {name!r}, which is no field.",
                            obj=model,
                            id="lino_core_model.E002",
                        )
                    )
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
        name = read_options(model).workflow_state_field
        if name and not hasattr(_field(model, name), "choicelist"):
            errors.append(
                checks.Error(
                    f"workflow_state_field of {model._meta.label} names {name!r}, "
                    f"which is no ChoiceListField.",
                    obj=model,
                    id="lino_core_model.E006",
                )
            )
    return errors
