from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "lino_summaries"
    label = "summaries"
    verbose_name = _("Summaries")
    default_auto_field = "django.db.models.BigAutoField"
