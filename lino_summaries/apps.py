from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "lino_summaries"
    label = "summaries"
    verbose_name = _("Summaries")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lino_core_model.signals import pre_merge

        from . import checks  # noqa: F401  (registers the system checks)
        from ._merging import on_pre_merge
        from .actions import install_master_actions

        install_master_actions()
        pre_merge.connect(on_pre_merge, dispatch_uid="lino_summaries.on_pre_merge")
