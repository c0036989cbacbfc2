from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class GfksConfig(AppConfig):
    name = "lino_gfks"
    label = "gfks"
    verbose_name = _("Gfks")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self) -> None:
        # Our models import ContentType: without its app, Django would raise a bare
        # RuntimeError while importing them, before any system check could run.
        # The global registry: an isolated one (isolate_apps in tests) may lack the app.
        if not apps.is_installed("django.contrib.contenttypes"):
            raise ImproperlyConfigured(
                "lino_gfks needs 'django.contrib.contenttypes' in INSTALLED_APPS "
                "(lino_gfks.E001). HINT: add it, before 'lino_gfks'.")
        super().import_models()

    def ready(self) -> None:
        from lino_core_model.deletion import connect_delete_receivers
        from lino_core_model.references import register_reference_provider

        from . import checks as gfk_checks
        from ._references import gfk_references

        register_reference_provider(gfk_references)
        connect_delete_receivers()  # GFK targets now have a policy Django does not know
        checks.register(gfk_checks.check_needed_apps)
        checks.register(gfk_checks.check_clear_on_delete)
        checks.register(gfk_checks.check_owner_index)
        checks.register(gfk_checks.check_owner_models)
