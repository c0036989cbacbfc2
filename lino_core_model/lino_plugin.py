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


class LinoAppsPlugin(ad.Plugin):
    """A lino-apps app inside a Lino site.

    Hidden: Lino builds no user interface (actors, menus) for our models, since
    our choicelists and tables are not Lino's; the models, their behaviour, our
    tables (``rt.show``) and commands work as in any Django project.
    """

    hidden = True

    #: The Django app label (``AppConfig.label``) when it differs from the package name.
    django_label: str | None = None

    def __init__(
        self, site, app_label: str, app_name: str, app_module: ModuleType, needed_by, configs: dict
    ) -> None:
        label = self.django_label or app_label
        super().__init__(site, label, app_name, app_module, needed_by, configs)
        site.plugins.define(label, self)


    def before_actors_discover(self) -> None:
        for model in apps.get_app_config(self.app_label).get_models():
            for field in model._meta.fields:
                method = getattr(model, f"{field.name}_choices", None)
                if method is not None and not hasattr(method, "context_params"):
                    params = list(inspect.signature(method).parameters)
                    method.__func__.context_params = tuple(params)


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

    def before_analyze(self) -> None:
        for model in _our_models():
            for field in model._meta.local_fields:
                if field.is_relation and field.remote_field.parent_link:
                    field.remote_field.on_delete = models.CASCADE


def _our_models() -> list[type[models.Model]]:
    from .models import Model

    return [model for model in apps.get_models() if issubclass(model, Model)]
