from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GfksConfig(AppConfig):
    name = "lino_gfks"
    label = "gfks"
    verbose_name = _("Gfks")
    default_auto_field = "django.db.models.BigAutoField"
