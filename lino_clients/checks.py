"""System checks of ``lino_clients`` (ids ``lino_clients.Exxx``)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from lino_core_model.checks import needed_apps_errors, swappable_setting_errors
from lino_core_model.utils import installed_model

from .choicelists import ClientEvents
from .conf import DEFAULTS, SWAPPABLE_DEFAULTS, app_settings
from .mixins import ClientBase

__all__: list[str] = []


@checks.register(checks.Tags.models)
def check_client_model(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: the client model is installed and inherits ``ClientBase``;
    E002/E003: it has what each observable event needs;
    E004: ``lino_core_model`` is installed."""
    errors = needed_apps_errors("lino_clients", ["lino_core_model"], "lino_clients.E004")
    errors.extend(check_model_settings())
    label = app_settings.CLIENT_MODEL
    model = installed_model(label)
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
        if installed_model(label) is None:
            errors.append(
                checks.Error(
                    f"LINO_CLIENTS_{name} is {label!r}, which is no installed model.",
                    hint=f"Set LINO_CLIENTS_{name} in your settings to a model of your project "
                    f"(the default {DEFAULTS[name]!r} is the demo's).",
                    id="lino_clients.E006",
                )
            )
    errors.extend(swappable_setting_errors("lino_clients", SWAPPABLE_DEFAULTS, "lino_clients.E005"))
    return errors
