"""``rt``: the runtime facade of Lino (``rt.models``, ``rt.show``, ``rt.login``).

``rt.models.<app_label>.<Name>`` finds a model, a table or a choicelist of an
installed app. The apps' ``tables`` and ``choicelists`` modules are imported on
the first use of ``rt.models`` (never at import time or in ``ready()``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth import get_user_model
from django.db import models as dj_models
from django.utils.module_loading import module_has_submodule

from lino_core_model._requests import ActionRequest
from lino_core_model.tables import get_registry
from lino_core_model.utils import full_model_name

AUTODISCOVER_MODULES = ("choicelists", "tables")

__all__ = ["models", "show", "login", "models_by_base", "AppNamespace", "autodiscover"]

_discovered = False


def autodiscover() -> None:
    """Import the ``choicelists`` and ``tables`` modules of every installed app (once)."""
    global _discovered
    if _discovered:
        return
    apps.check_apps_ready()
    for config in apps.get_app_configs():
        for name in AUTODISCOVER_MODULES:
            if module_has_submodule(config.module, name):
                import_module(f"{config.name}.{name}")
    _discovered = True


class AppNamespace:
    """The models, tables and choicelists of one app, as attributes."""

    def __init__(self, config: AppConfig) -> None:
        self._config = config
        self._choicelists: dict[str, type] | None = None

    def __repr__(self) -> str:
        return f"<AppNamespace {self._config.label}>"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        found = self._members().get(name)
        if found is None:
            raise AttributeError(
                f"App {self._config.label!r} has no model, table or choicelist named {name!r}."
            )
        return found

    def __dir__(self) -> list[str]:
        return sorted(self._members())

    def _members(self) -> dict[str, Any]:
        autodiscover()
        label = self._config.label
        members: dict[str, Any] = dict(self._find_choicelists())
        prefix = label + "."
        for key, table in get_registry().items():
            if key.startswith(prefix):
                members[key[len(prefix) :]] = table
        for model in self._config.get_models():
            members[model.__name__] = model
        return members

    def _find_choicelists(self) -> dict[str, type]:
        if self._choicelists is None:
            found: dict[str, type] = {}
            package = self._config.name
            for module_name in ("models", *AUTODISCOVER_MODULES):
                if not module_has_submodule(self._config.module, module_name):
                    continue
                module = import_module(f"{package}.{module_name}")
                for name, value in vars(module).items():
                    if (
                        isinstance(value, type)
                        and hasattr(value, "get_list_items")
                        and value.__module__.startswith(package + ".")
                    ):
                        found[name] = value
            self._choicelists = found
        return self._choicelists


class ModelsNamespace:
    """``rt.models``: one :class:`AppNamespace` per installed app, by app label."""

    def __init__(self) -> None:
        self._apps: dict[str, AppNamespace] = {}

    def __getattr__(self, label: str) -> AppNamespace:
        if label.startswith("_"):
            raise AttributeError(label)
        if label not in self._apps:
            try:
                config = apps.get_app_config(label)
            except LookupError:
                raise AttributeError(f"No installed app with label {label!r}.")
            self._apps[label] = AppNamespace(config)
        return self._apps[label]

    def __dir__(self) -> list[str]:
        return sorted(c.label for c in apps.get_app_configs())

    def __repr__(self) -> str:
        return "<rt.models>"


models = ModelsNamespace()


def login(username: str | None = None, **kwargs: Any) -> ActionRequest:
    """A request made by the user whose ``USERNAME_FIELD`` is ``username`` (None: anonymous)."""
    user = None
    if username is not None:
        user_model = get_user_model()
        lookup = {user_model.USERNAME_FIELD: username}
        try:
            user = user_model._default_manager.get(**lookup)
        except user_model.DoesNotExist:
            raise user_model.DoesNotExist(f"There is no user {username!r}.")
    return ActionRequest(user=user, **kwargs)


def show(table: Any, master_instance: Any = None, **kwargs: Any) -> None:
    """Print a table or a choicelist (of ``master_instance``) as an rst table."""
    ActionRequest().show(table, master_instance, **kwargs)


def models_by_base(
    base: type, toplevel_only: bool = False
) -> list[type[dj_models.Model]]:
    """The installed concrete models that inherit from ``base``, sorted by full name.

    With ``toplevel_only``, a model whose MTI parent is in the list is left out.
    """
    found = [
        m for m in apps.get_models() if issubclass(m, base) and not m._meta.proxy
    ]
    if toplevel_only:
        found = [m for m in found if not any(p in found for p in m._meta.get_parent_list())]
    return sorted(found, key=full_model_name)
