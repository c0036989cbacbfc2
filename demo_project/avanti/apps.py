from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvantiConfig(AppConfig):
    name = "demo_project.avanti"
    label = "avanti"
    verbose_name = _("Avanti")
    default_auto_field = "django.db.models.BigAutoField"
