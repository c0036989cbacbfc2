from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import pre_delete
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

        from lino_core_model.references import register_reference_provider

        from . import checks as gfk_checks
        from .deletion import enforce_gfk_policies, receiver_senders
        from .references import gfk_references

        register_reference_provider(gfk_references)
        for sender in receiver_senders():  # not every sender: Django's fast delete stays
            pre_delete.connect(
                enforce_gfk_policies, sender=sender, dispatch_uid="lino_gfks.enforce"
            )
        checks.register(gfk_checks.check_needed_apps)
        checks.register(gfk_checks.check_clear_on_delete)
        checks.register(gfk_checks.check_owner_index)
        checks.register(gfk_checks.check_owner_models)
