"""The admin layer: a ``ModelAdmin`` mixin and helpers, no forced registration.

One module per concept: ``permissions`` (the row's ``get_row_permission`` in
Django's permission methods), ``hooks`` (the model's UI hooks in forms and saves),
``search`` (quick search), ``delete`` (veto and counted cascade),
``duplicate`` and ``merge`` (admin actions), ``rowactions``
(workflow buttons), ``panels`` (slave tables, summary values), ``tools`` (the
staff page of site-wide actions) and ``options`` (the mixin combining them).
"""

from __future__ import annotations

from ._options import LinoAdminMixin, ModelAdmin
from ._tools import site_actions_view

__all__ = ["LinoAdminMixin", "ModelAdmin", "site_actions_view"]
