"""lino_coachings: see docs/specs/coachings.rst."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingsConfig(AppConfig):
    name = "lino_coachings"
    label = "coachings"
    verbose_name = _("Coachings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lino_clients.conf import set_swappable_defaults
        from lino_core_model.signals import pre_merge

        from . import checks  # noqa: F401  (registers the system checks)
        from .conf import SWAPPABLE_DEFAULTS
        from .primary import merge_primaries

        set_swappable_defaults(SWAPPABLE_DEFAULTS)
        pre_merge.connect(merge_primaries, dispatch_uid="lino_coachings.merge_primaries")
