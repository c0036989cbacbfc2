"""The Lino plugin of a lino-apps app, used only inside a Lino site.

Lino reads a ``Plugin`` attribute from each package listed in
``Site.get_installed_plugins()``; our packages hand out the class below through a
module ``__getattr__`` (:func:`lino_core_model.plugin_getattr`), so a plain Django project never
imports Lino. Lino keys a plugin by the last part of its package name
(``lino_clients``) while Django knows the app by its label (``clients``): the
plugin registers itself under both, so that Lino finds the plugin of each model.

Lino's kernel treats a ``<field>_choices`` method as a chooser and wants the
``context_params`` that its ``@dd.chooser()`` decorator sets;
:meth:`Plugin.before_actors_discover` gives them to our plain classmethods.
"""

from __future__ import annotations

import inspect
from types import ModuleType

from django.apps import apps
from django.db import models
from lino.api import ad

from lino_core_model.options import lino_options


class LinoAppsPlugin(ad.Plugin):
    """A lino-apps app inside a Lino site.

    Visible: :mod:`lino_core_model.lino_adapter` derives Lino tables from our
    tables when Lino discovers its actors (``self.actors``, by name); a
    subclass names those of its configuration and explorer menus.
    """

    #: Our tables shown in Lino's configuration and explorer menus.
    config_tables: tuple[str, ...] = ()
    explorer_tables: tuple[str, ...] = ()

    #: The Django app label (``AppConfig.label``) when it differs from the package name.
    django_label: str | None = None

    def __init__(
        self, site, app_label: str, app_name: str, app_module: ModuleType, needed_by, configs: dict
    ) -> None:
        label = self.django_label or app_label
        super().__init__(site, label, app_name, app_module, needed_by, configs)
        site.plugins.define(label, self)

    def before_actors_discover(self) -> None:
        from lino_core_model.lino_adapter import lino_tables

        self.actors = lino_tables(self.app_label)
        # Lino finds an actor "clients.ContactsByClient" (layouts, menus, its
        # rt.models) as an attribute of the app's models module.
        models_module = apps.get_app_config(self.app_label).models_module
        for name, actor in self.actors.items():
            setattr(models_module, name, actor)
        for model in apps.get_app_config(self.app_label).get_models():
            for field in model._meta.fields:
                method = getattr(model, f"{field.name}_choices", None)
                if method is not None and not hasattr(method, "context_params"):
                    params = list(inspect.signature(method).parameters)
                    method.__func__.context_params = tuple(params)

    def setup_config_menu(self, site, user_type, m, ar=None) -> None:
        self._add_menu(m, self.config_tables)

    def setup_explorer_menu(self, site, user_type, m, ar=None) -> None:
        self._add_menu(m, self.explorer_tables)

    def _add_menu(self, m, names: tuple[str, ...]) -> None:
        if names:
            m = m.add_menu(self.app_label, self.verbose_name)
            for name in names:
                m.add_action(self.actors[name])


class Plugin(LinoAppsPlugin):
    """``lino_core_model``: keeps our delete policy on our models.

    Lino's kernel turns CASCADE into PROTECT on every foreign key not listed in
    ``allow_cascaded_delete``, multi-table parent links included; ours leaves
    parent links alone (deleting a child deletes its parent row). Lino calls
    :meth:`before_analyze` right after its conversion: we undo it there.
    Lino also turns ``quick_search_fields``, ``workflow_state_field`` etc. into
    field objects for its own analysis; ours reads them once, as names, into
    ``lino_core_model.options``, so nothing needs to be given back.
    """

    def before_actors_discover(self) -> None:
        from lino_core_model.lino_adapter import (
            give_lino_forms,
            give_parent_doors,
            give_row_actions,
            give_workflow_buttons,
            lino_user_roles,
        )
        from lino_core_model.roles import ROLE_SOURCES

        super().before_actors_discover()
        if lino_user_roles not in ROLE_SOURCES:  # our role checks know Lino's users
            ROLE_SOURCES.append(lino_user_roles)
        give_workflow_buttons(_workflows())
        give_row_actions(_our_models())
        give_lino_forms(_our_models())
        give_parent_doors(_our_models())

    def before_analyze(self) -> None:
        for model in _our_models():
            for field in model._meta.local_fields:
                if field.is_relation and field.remote_field.parent_link:
                    field.remote_field.on_delete = models.CASCADE


def _workflows() -> list:
    """The choicelists behind the ``workflow_state_field`` of every model."""
    found = []
    for model in apps.get_models():
        name = lino_options(model).workflow_state_field
        choicelist = getattr(model._meta.get_field(name), "choicelist", None) if name else None
        if choicelist is not None and choicelist not in found:
            found.append(choicelist)
    return found


def _our_models() -> list[type[models.Model]]:
    from lino_core_model.models import Model

    return [model for model in apps.get_models() if issubclass(model, Model)]


__all__ = ["LinoAppsPlugin", "Plugin"]
