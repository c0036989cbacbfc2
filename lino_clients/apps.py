"""lino_clients: see docs/specs/clients.rst."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "lino_clients"
    label = "clients"
    verbose_name = _("Clients")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .conf import SWAPPABLE_DEFAULTS, set_swappable_defaults

        set_swappable_defaults(SWAPPABLE_DEFAULTS)
