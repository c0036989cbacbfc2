from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalConfig(AppConfig):
    """The smallest calendar: evaluation events generated from contracts."""

    name = "demo_project.cal"
    label = "cal"
    verbose_name = _("Calendar")
    default_auto_field = "django.db.models.BigAutoField"
