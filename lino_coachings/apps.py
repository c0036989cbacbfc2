from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingsConfig(AppConfig):
    name = "lino_coachings"
    label = "coachings"
    verbose_name = _("Coachings")
    default_auto_field = "django.db.models.BigAutoField"
