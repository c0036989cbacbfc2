"""System checks of ``lino_clients`` (ids ``lino_clients.Exxx``)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks

from .choicelists import ClientEvents
from .conf import DEFAULTS, SWAPPABLE_DEFAULTS, app_settings
from .mixins import ClientBase


@checks.register(checks.Tags.models)
def check_client_model(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: the client model is installed and inherits ``ClientBase``;
    E002/E003: it has what each observable event needs;
    E004: ``lino_core_model`` is installed."""
    errors: list[checks.CheckMessage] = []
    if not apps.is_installed("lino_core_model"):
        errors.append(
            checks.Error(
                "lino_clients needs 'lino_core_model' in INSTALLED_APPS.",
                hint="Add 'lino_core_model' to INSTALLED_APPS.",
                id="lino_clients.E004",
            )
        )
    errors.extend(check_model_settings())
    label = app_settings.CLIENT_MODEL
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is None or not issubclass(model, ClientBase):
        errors.append(
            checks.Error(
                f"LINO_CLIENTS_CLIENT_MODEL is {label!r}, which is no installed model "
                f"inheriting lino_clients.mixins.ClientBase.",
                hint="Set LINO_CLIENTS_CLIENT_MODEL to your client model, e.g. "
                "class Client(Person, Coachable) (Coachable includes ClientBase).",
                id="lino_clients.E001",
            )
        )
        return errors
    for event in ClientEvents.get_list_items():
        errors.extend(event.check_model(model))
    return errors


#: The model settings whose model must be installed (CLIENT_MODEL: E001, NOTE_MODEL: E003).
MODEL_SETTINGS = ("PARTNER_MODEL", "COMPANY_MODEL", "PERSON_MODEL", "ROLE_TYPE_MODEL")


def check_model_settings() -> list[checks.CheckMessage]:
    """E006: a ``LINO_CLIENTS_*_MODEL`` setting names no installed model;
    E005: ``LINO_CLIENTS_CONTACT_TYPE_MODEL`` was changed (it is not meant to be swapped)."""
    errors: list[checks.CheckMessage] = []
    for name in MODEL_SETTINGS:
        label = getattr(app_settings, name)
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            errors.append(
                checks.Error(
                    f"LINO_CLIENTS_{name} is {label!r}, which is no installed model.",
                    hint=f"Set LINO_CLIENTS_{name} in your settings to a model of your project "
                    f"(the default {DEFAULTS[name]!r} is the demo's).",
                    id="lino_clients.E006",
                )
            )
    for name, value in SWAPPABLE_DEFAULTS.items():
        if getattr(settings, name, value) != value:
            errors.append(
                checks.Error(
                    f"{name} must be {value!r}: the setting only makes your migrations depend on "
                    f"lino_clients' first migration; swapping the model is not supported.",
                    hint=f"Remove {name} from your settings.",
                    id="lino_clients.E005",
                )
            )
    return errors
