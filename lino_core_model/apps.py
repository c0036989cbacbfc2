from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class LinoCoreModelConfig(AppConfig):
    name = "lino_core_model"
    verbose_name = _("Lino core")

    def import_models(self) -> None:
        # Our models import ContentType (SiteRole is a proxy of it): without its app,
        # Django would raise a bare RuntimeError before any system check could run.
        if not apps.is_installed("django.contrib.contenttypes"):
            raise ImproperlyConfigured(
                "lino_core_model needs 'django.contrib.contenttypes' in INSTALLED_APPS. "
                "HINT: add it, before 'lino_core_model'.")
        super().import_models()

    def ready(self) -> None:
        from lino_core_model import checks  # noqa: F401  (registers the system checks)
        from lino_core_model.analysis import analyze_models
        from lino_core_model.deletion import connect_delete_receivers

        analyze_models()
        connect_delete_receivers()  # not every model: Django's fast delete stays
        _fold_on_sqlite_connections()


def _fold_on_sqlite_connections() -> None:
    """The quick search's ``lino_fold`` on every SQLite connection (``text_fold``),
    those already open included."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    from lino_core_model._text_fold import register_sqlite_fold

    connection_created.connect(register_sqlite_fold, dispatch_uid="lino_core_model.fold")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            register_sqlite_fold(connection=connection)
