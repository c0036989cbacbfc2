from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinoCoreModelConfig(AppConfig):
    name = "lino_core_model"
    verbose_name = _("Lino core")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .analysis import analyze_models

        analyze_models()
