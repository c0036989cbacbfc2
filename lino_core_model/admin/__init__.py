"""The admin layer: a ``ModelAdmin`` mixin and helpers, no forced registration.

One module per concept: ``permissions`` (the row's ``get_row_permission`` in
Django's permission methods), ``hooks`` (the model's UI hooks in forms and saves),
``search`` (quick search), ``delete`` (veto and counted cascade),
``duplicate`` and ``merge`` (admin actions), ``rowactions``
(workflow buttons), ``panels`` (slave tables, summary values), ``tools`` (the
staff page of site-wide actions), ``oddinput`` (odd filter and choice values
refused), ``options`` (the mixin combining them) and ``inlines`` (inlines with
bounded forms).
"""

from __future__ import annotations

from ._inlines import LinoInlineMixin, StackedInline, TabularInline
from ._options import LinoAdminMixin, ModelAdmin
from ._tools import site_actions_view

__all__ = [
    "LinoAdminMixin",
    "LinoInlineMixin",
    "ModelAdmin",
    "StackedInline",
    "TabularInline",
    "site_actions_view",
]
