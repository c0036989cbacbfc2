"""System checks of ``lino_clients`` (ids ``lino_clients.Exxx``)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks

from .choicelists import ClientEvents
from .conf import app_settings
from .mixins import ClientBase


@checks.register(checks.Tags.models)
def check_client_model(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: the client model is installed and inherits ``ClientBase``;
    E002/E003: it has what each observable event needs;
    E004: ``lino_core_model`` is installed."""
    errors: list[checks.CheckMessage] = []
    if not apps.is_installed("lino_core_model"):
        errors.append(checks.Error(
            "lino_clients needs 'lino_core_model' in INSTALLED_APPS.",
            id="lino_clients.E004",
        ))
    label = app_settings.CLIENT_MODEL
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is None or not issubclass(model, ClientBase):
        errors.append(checks.Error(
            f"LINO_CLIENTS_CLIENT_MODEL is {label!r}, which is no installed model "
            f"inheriting lino_clients.mixins.ClientBase.",
            id="lino_clients.E001",
        ))
        return errors
    for event in ClientEvents.get_list_items():
        errors.extend(event.check_model(model))
    return errors
