from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class CheckdataConfig(AppConfig):
    name = "lino_checkdata"
    label = "checkdata"  # as Lino's lino.modlib.checkdata
    verbose_name = _("Data checkers")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self) -> None:
        # Problem imports ContentType (through lino_gfks): without its app, Django
        # would raise a bare RuntimeError before any system check could run.
        if not apps.is_installed("django.contrib.contenttypes"):
            raise ImproperlyConfigured(
                "lino_checkdata needs 'django.contrib.contenttypes' in INSTALLED_APPS "
                "(lino_checkdata.E001). HINT: add it, before 'lino_checkdata'.")
        super().import_models()

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .checkers import problems_found
        from .problems import store_problems

        problems_found.connect(store_problems, dispatch_uid="lino_checkdata.store_problems")
